package io.s2vc.model;

import io.s2vc.nd.ArrayScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The input normalisation of every backbone: per channel (x − mean) / std with ImageNet's statistics,
 * on clips (B, 3, T, H, W) in [0, 1] (torchvision's {@code Normalize}, applied by the official code
 * after the static-cue suppression).
 */
public final class ImageNetNormalization {
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};
    private static final Shape CHANNEL_SHAPE = new Shape(1, 3, 1, 1, 1);

    private ImageNetNormalization() {
    }

    /** Normalised clips, a new array in the manager of {@code clips}. */
    public static NDArray apply(NDArray clips) {
        Shape shape = clips.getShape();
        if (shape.dimension() != 5 || shape.get(1) != 3) {
            throw new IllegalArgumentException("clips must be (B, 3, T, H, W), got " + shape);
        }
        return ArrayScope.call(clips, x -> {
            NDArray mean = x.getManager().create(MEAN, CHANNEL_SHAPE);
            NDArray std = x.getManager().create(STD, CHANNEL_SHAPE);
            return x.sub(mean).div(std);
        });
    }
}
