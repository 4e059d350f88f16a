package io.s2vc.augment;

import io.s2vc.augment.ColorJitter.FrameJitter;
import java.util.List;
import java.util.Objects;

/**
 * Every random decision of one view, drawn before any pixel is touched; rendering a plan is then a pure
 * pixel function. Crop, flip, grayscale and blur hold for the whole clip; colour jitter, when applied,
 * has one entry per frame.
 *
 * @param crop          the crop box in source pixels
 * @param flip          horizontal flip of the whole clip
 * @param frameJitters  one colour jitter per frame, or empty when colour jitter is not applied
 * @param grayscale     convert every frame to 3-channel grayscale
 * @param blurSigma     σ of the Gaussian blur at output size, or 0 for no blur
 */
public record ViewPlan(CropBox crop, boolean flip, List<FrameJitter> frameJitters, boolean grayscale,
        double blurSigma) {

    public ViewPlan {
        Objects.requireNonNull(crop, "crop");
        frameJitters = List.copyOf(frameJitters);
        if (!(blurSigma >= 0)) {
            throw new IllegalArgumentException("blur sigma must be >= 0, got " + blurSigma);
        }
    }

    /** A key-view plan: crop and flip, nothing else. */
    public static ViewPlan cropAndFlip(CropBox crop, boolean flip) {
        return new ViewPlan(crop, flip, List.of(), false, 0);
    }

    public boolean jittered() {
        return !frameJitters.isEmpty();
    }

    public boolean blurred() {
        return blurSigma > 0;
    }
}
