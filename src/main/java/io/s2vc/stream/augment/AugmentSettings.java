package io.s2vc.stream.augment;

import io.s2vc.config.Catalogue;
import io.s2vc.augment.ViewAugmenter;
import io.s2vc.config.Config;

/** The view augmenter that the {@code augment.*} configuration keys describe. */
public final class AugmentSettings {
    private AugmentSettings() {
    }

    public static ViewAugmenter augmenter(Config c) {
        return ViewAugmenter.builder()
                .setOutputSize(c.get(Catalogue.AUGMENT_SIZE))
                .optIntermediateSize(c.get(Catalogue.AUGMENT_INTERMEDIATE_SIZE))
                .optSeed(c.get(Catalogue.SEED))
                .optCropScale(c.get(Catalogue.AUGMENT_CROP_SCALE_MIN), c.get(Catalogue.AUGMENT_CROP_SCALE_MAX))
                .optCropRatio(c.get(Catalogue.AUGMENT_CROP_RATIO_MIN), c.get(Catalogue.AUGMENT_CROP_RATIO_MAX))
                .optFlipProbability(c.get(Catalogue.AUGMENT_FLIP_P))
                .optColorJitterProbability(c.get(Catalogue.AUGMENT_JITTER_P))
                .optColorJitter(c.get(Catalogue.AUGMENT_JITTER_BRIGHTNESS), c.get(Catalogue.AUGMENT_JITTER_CONTRAST),
                        c.get(Catalogue.AUGMENT_JITTER_SATURATION), c.get(Catalogue.AUGMENT_JITTER_HUE))
                .optGrayscaleProbability(c.get(Catalogue.AUGMENT_GRAYSCALE_P))
                .optBlurProbability(c.get(Catalogue.AUGMENT_BLUR_P))
                .optBlurSigma(c.get(Catalogue.AUGMENT_BLUR_SIGMA_MIN), c.get(Catalogue.AUGMENT_BLUR_SIGMA_MAX))
                .optConsistentColorJitter(c.get(Catalogue.AUGMENT_JITTER_CONSISTENT))
                .optBlurReferenceSize(c.get(Catalogue.AUGMENT_BLUR_REFERENCE_SIZE))
                .build();
    }
}
