package io.s2vc.stream.augment;

import io.s2vc.augment.ViewAugmenter;
import io.s2vc.config.Config;

/** The view augmenter that the {@code augment.*} configuration keys describe. */
public final class AugmentSettings {
    private AugmentSettings() {
    }

    public static ViewAugmenter augmenter(Config c) {
        return ViewAugmenter.builder()
                .setOutputSize(c.getInt("augment.size", 8))
                .optIntermediateSize(c.getInt("augment.intermediate_size", 0))
                .optSeed(c.getLong("seed"))
                .optCropScale(c.getDouble("augment.crop_scale_min", 0, 1), c.getDouble("augment.crop_scale_max", 0, 1))
                .optCropRatio(c.getDouble("augment.crop_ratio_min", 0.01, 100), c.getDouble("augment.crop_ratio_max", 0.01, 100))
                .optFlipProbability(c.getDouble("augment.flip_p", 0, 1))
                .optColorJitterProbability(c.getDouble("augment.jitter_p", 0, 1))
                .optColorJitter(c.getDouble("augment.jitter_brightness", 0, 1), c.getDouble("augment.jitter_contrast", 0, 1),
                        c.getDouble("augment.jitter_saturation", 0, 1), c.getDouble("augment.jitter_hue", 0, 0.5))
                .optGrayscaleProbability(c.getDouble("augment.grayscale_p", 0, 1))
                .optBlurProbability(c.getDouble("augment.blur_p", 0, 1))
                .optBlurSigma(c.getDouble("augment.blur_sigma_min", 0, 100), c.getDouble("augment.blur_sigma_max", 0, 100))
                .optConsistentColorJitter(c.getBoolean("augment.jitter_consistent"))
                .optBlurReferenceSize(c.getInt("augment.blur_reference_size", 0))
                .build();
    }
}
