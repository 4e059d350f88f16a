package io.s2vc.bench;

import io.s2vc.train.TrainingPair;
import io.s2vc.video.Clip;
import java.util.List;

/**
 * An endless supply of positive pairs of random uint8 views for a trainer: a few distinct pairs of
 * clips, cycled, each index with its own clip and video id (as a stream of distinct videos would have).
 * The cost of a training step does not depend on the pixels.
 */
final class RandomPairs {
    private final List<Clip> clips;
    private final int distinct;

    /** {@code distinct} pairs of T×size×size views, the same for the same seed. */
    RandomPairs(int distinct, int frames, int size, long seed) {
        this.clips = RandomClips.of(2 * distinct, frames, size, seed);
        this.distinct = distinct;
    }

    TrainingPair get(long index) {
        int d = (int) (index % distinct);
        return new TrainingPair("bench-" + index, "bench-video-" + index, clips.get(2 * d), clips.get(2 * d + 1));
    }
}
