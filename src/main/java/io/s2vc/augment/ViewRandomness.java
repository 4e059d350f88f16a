package io.s2vc.augment;

import io.s2vc.util.Seeds;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Where the randomness of a view comes from. A view is a pure function of (seed, video id, clip index,
 * pass, input clip): the generator is seeded from a stable 64-bit mix of them, never from a global RNG,
 * so that replays, restarts and parallel Flink subtasks produce the same bytes. The pass (a further
 * replay of the data set for a training budget) enters the mix only when it is above 0, so that the
 * first pass gives exactly the views it gave before passes existed.
 */
public final class ViewRandomness {
    private ViewRandomness() {
    }

    /**
     * The generator of one view of clip {@code clipIndex} of video {@code videoId}. The root generator is
     * split twice, first for the query and then for the key, so each view has its own stream and a
     * key-only caller gets exactly the key view of the pair.
     */
    public static SplittableRandom stream(long seed, String videoId, long clipIndex, ViewKind kind) {
        return stream(seed, videoId, clipIndex, 0, kind);
    }

    /** The generator of one view of clip {@code clipIndex} of video {@code videoId} in replay {@code pass}. */
    public static SplittableRandom stream(long seed, String videoId, long clipIndex, int pass, ViewKind kind) {
        SplittableRandom root = new SplittableRandom(withPass(mix(seed, Seeds.fnv1a64(videoId), clipIndex), pass));
        SplittableRandom query = root.split();
        return kind == ViewKind.QUERY ? query : root.split();
    }

    /**
     * A seed of pass {@code pass}: {@code seed} itself for pass 0 (so first-pass results stay bit-identical),
     * else a bijective mix of both, so that every replay of a clip draws different values.
     *
     * @throws IllegalArgumentException for a negative pass
     */
    public static long withPass(long seed, int pass) {
        if (pass < 0) {
            throw new IllegalArgumentException("a pass is >= 0, got " + pass);
        }
        return pass == 0 ? seed : Seeds.splitMix64(seed ^ Seeds.splitMix64(~(long) pass));
    }

    /**
     * Chains the SplitMix64 finaliser over the three inputs. Each step is a bijection, so for a fixed seed and
     * video, distinct clip indices always give distinct generator seeds.
     */
    static long mix(long seed, long videoHash, long clipIndex) {
        return Seeds.splitMix64(Seeds.splitMix64(Seeds.splitMix64(seed) ^ videoHash) ^ clipIndex);
    }

    /** Uniform in [low, high), and exactly {@code low} for an empty range (where nextDouble(lo, hi) would throw). */
    static double uniform(RandomGenerator rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    /** True with probability p: always for p = 1, never for p = 0. */
    static boolean chance(RandomGenerator rng, double p) {
        return rng.nextDouble() < p;
    }
}
