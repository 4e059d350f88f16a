package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Ablation "shuffle in frame": within each frame, the static latents of the clip trade places among
 * themselves, with a new random permutation for every frame. Each frame keeps the multiset of its
 * static values; which latent carries which value changes from frame to frame.
 */
final class ShuffleInFrame implements LatentSuppression {
    @Override
    public NDArray apply(NDArray latents, NDArray staticMask, List<? extends RandomGenerator> clipRandoms) {
        Shape shape = latents.getShape();
        int clips = (int) shape.get(0);
        int frames = (int) shape.get(1);
        int dimensions = (int) shape.get(2);
        boolean[][] isStatic = Permutations.maskRows(staticMask);
        // Source latent of every output value: out[b, t, d] = latents[b, t, source[b, t, d]].
        long[] source = new long[clips * frames * dimensions];
        for (int b = 0; b < clips; b++) {
            RandomGenerator random = clipRandoms.get(b);
            int[] staticLatents = indicesOf(isStatic[b]);
            for (int t = 0; t < frames; t++) {
                int row = (b * frames + t) * dimensions;
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
        return latents.gather(latents.getManager().create(source, shape), 2);
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
