package io.s2vc.model;

/**
 * Seeds of named children derived from a parent seed, so that every parameter draws from its own
 * generator: the same seed gives the same weights whatever order the parameters are initialised in.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for the child {@code name} of a block seeded with {@code parent}. */
    public static long derive(long parent, String name) {
        long h = parent * 0x9E3779B97F4A7C15L + name.hashCode();
        // SplitMix64 finaliser: spreads nearby inputs over the whole range.
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
