package io.s2vc.util;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The seed arithmetic every stage shares: stable 64-bit mixes, so that each random stream (a parameter's
 * initialisation, a view, a clip's suppression noise, a step of the flow's pre-training, a synthetic video) is
 * a pure function of the run's seed and the stream's identity, never of a global generator or of order.
 */
public final class Seeds {
    /** 2^64 / φ, SplitMix64's increment. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Seeds() {
    }

    /**
     * A seed for the child {@code name} of something seeded with {@code parent} (a block's parameters, a flow
     * node): the same seed gives the same draws whatever order the children are created in.
     */
    public static long derive(long parent, String name) {
        return splitMixFinaliser(parent * GOLDEN_GAMMA + name.hashCode());
    }

    /** One step of SplitMix64 (increment, then finaliser): a bijection that spreads nearby inputs over the range. */
    public static long splitMix64(long z) {
        return splitMixFinaliser(z + GOLDEN_GAMMA);
    }

    /** The finaliser of MurmurHash3, as SplittableRandom uses it: every input bit affects every output bit. */
    public static long murmurMix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** FNV-1a 64 of the UTF-8 bytes: stable across JVMs, unlike {@link String#hashCode()}'s 32 bits. */
    public static long fnv1a64(String text) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    private static long splitMixFinaliser(long h) {
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
