package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Ablation "set to random noise": each static latent gets one N(0, 1) draw, made for the first frame
 * and kept for every other frame of the clip (so the replaced latents are constant over time).
 */
final class FrozenNoiseLatents implements LatentSuppression {
    @Override
    public NDArray apply(NDArray latents, NDArray staticMask, List<? extends RandomGenerator> clipRandoms) {
        Shape shape = latents.getShape();
        int clips = (int) shape.get(0);
        int dimensions = (int) shape.get(2);
        // One draw per latent of every clip, masked or not: the stream does not depend on the mask.
        float[] noise = new float[clips * dimensions];
        for (int b = 0; b < clips; b++) {
            RandomGenerator random = clipRandoms.get(b);
            for (int d = 0; d < dimensions; d++) {
                noise[b * dimensions + d] = (float) random.nextGaussian();
            }
        }
        NDArray firstFrameNoise = latents.getManager().create(noise, new Shape(clips, 1, dimensions));
        return NDArrays.where(staticMask.expandDims(1), firstFrameNoise, latents);
    }
}
