package io.s2vc.suppress;

import java.util.random.RandomGenerator;

/**
 * Ablation "shuffle in clip": every static latent is permuted over the T frames of its clip, each latent
 * with its own random permutation. The set of values a latent takes over the clip is unchanged, only
 * their order in time.
 */
final class ShuffleInClip extends LatentShuffle {
    ShuffleInClip() {
        super(1); // out[b, t, d] = latents[b, source[b, t, d], d]
    }

    @Override
    void fillSources(long[] source, int offset, int frames, int dimensions, boolean[] isStatic,
            RandomGenerator random) {
        for (int d = 0; d < dimensions; d++) {
            int[] order = Permutations.identity(frames);
            if (isStatic[d]) {
                Permutations.shuffle(order, random);
            }
            for (int t = 0; t < frames; t++) {
                source[offset + t * dimensions + d] = order[t];
            }
        }
    }
}
