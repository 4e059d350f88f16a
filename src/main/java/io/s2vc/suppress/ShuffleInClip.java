package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Ablation "shuffle in clip": every static latent is permuted over the T frames of its clip, each latent
 * with its own random permutation. The set of values a latent takes over the clip is unchanged, only
 * their order in time.
 */
final class ShuffleInClip implements LatentSuppression {
    @Override
    public NDArray apply(NDArray latents, NDArray staticMask, List<? extends RandomGenerator> clipRandoms) {
        Shape shape = latents.getShape();
        int clips = (int) shape.get(0);
        int frames = (int) shape.get(1);
        int dimensions = (int) shape.get(2);
        boolean[][] isStatic = Permutations.maskRows(staticMask);
        // Source frame of every output value: out[b, t, d] = latents[b, source[b, t, d], d].
        long[] source = new long[clips * frames * dimensions];
        for (int b = 0; b < clips; b++) {
            RandomGenerator random = clipRandoms.get(b);
            for (int d = 0; d < dimensions; d++) {
                int[] order = Permutations.identity(frames);
                if (isStatic[b][d]) {
                    Permutations.shuffle(order, random);
                }
                for (int t = 0; t < frames; t++) {
                    source[(b * frames + t) * dimensions + d] = order[t];
                }
            }
        }
        return latents.gather(latents.getManager().create(source, shape), 1);
    }
}
