package io.s2vc.flow;

import io.s2vc.util.Mt19937;
/**
 * Bit-exact re-creation of NumPy's legacy {@code np.random.seed(seed); np.random.permutation(n)}.
 * FrEIA's {@code PermuteRandom} draws its permutation this way at construction time and never stores
 * it, so a checkpoint is only usable with exactly these permutations.
 */
public final class LegacyPermutation {
    private LegacyPermutation() {
    }

    /** {@code perm} such that the permuted array is {@code out[i] = in[perm[i]]}. */
    public static int[] of(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("permutation size must be positive: " + n);
        }
        Mt19937 random = new Mt19937(seed);
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        // Fisher-Yates from the end, as NumPy's legacy shuffle does.
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) boundedDraw(random, i);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return values;
    }

    /** The inverse permutation: {@code inverse[perm[i]] = i}. */
    public static int[] inverse(int[] perm) {
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        return inverse;
    }

    /** NumPy's legacy {@code random_interval(max)}: masked rejection sampling on 32-bit outputs. */
    private static long boundedDraw(Mt19937 random, long max) {
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = random.nextUnsignedInt() & mask;
        } while (value > max);
        return value;
    }
}
