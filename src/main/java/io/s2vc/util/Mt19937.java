package io.s2vc.util;

/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto &amp; Nishimura 1998), seeded with the plain
 * {@code init_genrand} routine. NumPy's legacy {@code RandomState(seed)} with an integer seed uses
 * exactly this seeding, which is what the flow's fixed permutations were drawn with.
 */
public final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[N];
    private int index;

    public Mt19937(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("MT19937 seed must fit in 32 unsigned bits: " + seed);
        }
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int previous = state[i - 1];
            state[i] = 1812433253 * (previous ^ (previous >>> 30)) + i;
        }
        index = N;
    }

    /** The next output as an unsigned 32-bit value. */
    public long nextUnsignedInt() {
        if (index >= N) {
            regenerate();
        }
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void regenerate() {
        for (int i = 0; i < N; i++) {
            int y = (state[i] & UPPER_MASK) | (state[(i + 1) % N] & LOWER_MASK);
            int next = state[(i + M) % N] ^ (y >>> 1);
            state[i] = (y & 1) == 0 ? next : next ^ MATRIX_A;
        }
        index = 0;
    }
}
