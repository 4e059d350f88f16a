package io.s2vc.flow.pretrain;

import io.s2vc.util.Seeds;

import java.util.SplittableRandom;

/**
 * Counter-based random streams: the draws of step {@code n} come from a generator seeded by
 * (seed, purpose, n) alone. A run's random state is then just its counters, which a checkpoint
 * stores as numbers, and a resumed run draws exactly what the uninterrupted run would have drawn.
 */
public final class SeededStreams {
    /** Draws of one training step: pool refresh, batch sampling, dequantisation, flips, noise. */
    public static final long STEP = 1;
    /** Draws of one video read by a {@link VideoFrameSource}. */
    public static final long VIDEO = 2;
    /** The held-out set's dequantisation offsets, drawn once. */
    public static final long HELD_OUT = 3;
    /** Draws of one clip window read from Kafka. */
    public static final long CLIP = 4;

    private SeededStreams() {
    }

    public static SplittableRandom of(long seed, long purpose, long index) {
        return new SplittableRandom(Seeds.splitMix64(Seeds.splitMix64(Seeds.splitMix64(seed) ^ purpose) ^ index));
    }
}
