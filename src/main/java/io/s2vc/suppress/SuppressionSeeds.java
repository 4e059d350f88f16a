package io.s2vc.suppress;

import io.s2vc.util.Seeds;

import io.s2vc.augment.ViewRandomness;
import java.util.SplittableRandom;

/**
 * Where the randomness of the random strategies comes from. A clip's output is a pure function of
 * (suppressor seed, clip seed, clip): the generator of a clip is seeded from a 64-bit mix of the two seeds,
 * never from a global RNG and never from the clip's position in a batch, so replays, restarts and parallel
 * Flink subtasks produce the same values however clips are batched.
 */
public final class SuppressionSeeds {
    private SuppressionSeeds() {
    }

    /** A clip seed from the clip's identity: clip {@code clipIndex} of video {@code videoId}. */
    public static long forClip(String videoId, long clipIndex) {
        return Seeds.splitMix64(Seeds.fnv1a64(videoId) ^ Seeds.splitMix64(clipIndex));
    }

    /**
     * A clip seed of replay {@code pass} of the clip: {@link #forClip(String, long)} for pass 0, fresh noise
     * for every later pass (mixed as {@link ViewRandomness#withPass} mixes the views).
     */
    public static long forClip(String videoId, long clipIndex, int pass) {
        return ViewRandomness.withPass(forClip(videoId, clipIndex), pass);
    }

    /** The generator of one clip. */
    static SplittableRandom generator(long suppressorSeed, long clipSeed) {
        return new SplittableRandom(Seeds.splitMix64(Seeds.splitMix64(suppressorSeed) ^ clipSeed));
    }
}
