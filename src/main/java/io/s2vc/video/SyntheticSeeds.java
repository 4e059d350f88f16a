package io.s2vc.video;

import io.s2vc.util.Seeds;

/**
 * Independent random streams derived from one seed, so that every video can be drawn on its own
 * (in any order, on any thread) and still come out the same for the same seed.
 */
final class SyntheticSeeds {
    static final long PLAN = 1;
    static final long APPEARANCE = 2;
    static final long VIDEO = 3;
    static final long BACKGROUND = 4;
    static final long LOOK = 5;

    private SyntheticSeeds() {
    }

    /** A well-mixed seed for item {@code index} of stream {@code stream}. */
    static long derive(long seed, long stream, long index) {
        long streamSeed = Seeds.murmurMix64(seed + stream * Seeds.GOLDEN_GAMMA);
        return Seeds.murmurMix64(streamSeed + (index + 1) * Seeds.GOLDEN_GAMMA);
    }

    /** A value in [0, 1) that depends only on the three arguments (lattice noise without a table). */
    static double hashToUnit(long seed, long i, long j) {
        long h = Seeds.murmurMix64(seed ^ Seeds.murmurMix64(i * 0xD1B54A32D192ED03L + j * 0xABC98388FB8FAC03L));
        return (h >>> 11) * 0x1.0p-53;
    }
}
