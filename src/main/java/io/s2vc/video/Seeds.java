package io.s2vc.video;

/**
 * Independent random streams derived from one seed, so that every video can be drawn on its own
 * (in any order, on any thread) and still come out the same for the same seed.
 */
final class Seeds {
    static final long PLAN = 1;
    static final long APPEARANCE = 2;
    static final long VIDEO = 3;
    static final long BACKGROUND = 4;
    static final long LOOK = 5;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** A well-mixed seed for item {@code index} of stream {@code stream}. */
    static long derive(long seed, long stream, long index) {
        return mix64(mix64(seed + stream * GOLDEN_GAMMA) + (index + 1) * GOLDEN_GAMMA);
    }

    /** A value in [0, 1) that depends only on the three arguments (lattice noise without a table). */
    static double hashToUnit(long seed, long i, long j) {
        long h = mix64(seed ^ mix64(i * 0xD1B54A32D192ED03L + j * 0xABC98388FB8FAC03L));
        return (h >>> 11) * 0x1.0p-53;
    }

    /** The finaliser of MurmurHash3, as used by SplittableRandom: every input bit affects every output bit. */
    static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
