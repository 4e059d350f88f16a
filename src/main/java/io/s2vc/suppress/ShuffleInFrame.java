package io.s2vc.suppress;

import java.util.random.RandomGenerator;

/**
 * Ablation "shuffle in frame": within each frame, the static latents of the clip trade places among
 * themselves, with a new random permutation for every frame. Each frame keeps the multiset of its
 * static values; which latent carries which value changes from frame to frame.
 */
final class ShuffleInFrame extends LatentShuffle {
    ShuffleInFrame() {
        super(2); // out[b, t, d] = latents[b, t, source[b, t, d]]
    }

    @Override
    void fillSources(long[] source, int offset, int frames, int dimensions, boolean[] isStatic,
            RandomGenerator random) {
        int[] staticLatents = indicesOf(isStatic);
        for (int t = 0; t < frames; t++) {
            int row = offset + t * dimensions;
            for (int d = 0; d < dimensions; d++) {
                source[row + d] = d;
            }
            int[] shuffled = staticLatents.clone();
            Permutations.shuffle(shuffled, random);
            for (int i = 0; i < staticLatents.length; i++) {
                source[row + staticLatents[i]] = shuffled[i];
            }
        }
    }

    private static int[] indicesOf(boolean[] flags) {
        int count = 0;
        for (boolean flag : flags) {
            count += flag ? 1 : 0;
        }
        int[] indices = new int[count];
        for (int d = 0, i = 0; d < flags.length; d++) {
            if (flags[d]) {
                indices[i++] = d;
            }
        }
        return indices;
    }
}
