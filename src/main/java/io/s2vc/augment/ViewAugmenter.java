package io.s2vc.augment;

import io.s2vc.augment.ColorJitter.FrameJitter;
import io.s2vc.video.Clip;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Makes the two views of an S²VC positive pair as the official code's SSL transforms do
 * (reference §3.3):
 * <ul>
 *   <li>key ({@code null_transform}): RandomResizedCrop → resize → horizontal flip, all consistent over the
 *       clip;</li>
 *   <li>query ({@code base_transform}): an independent crop + flip, then RandomApply(ColorJitter) with new
 *       factors and op order for every frame (or, as the paper says, one jitter for the clip), RandomGrayscale
 *       and RandomApply(GaussianBlur) with σ drawn at 112 px and scaled to the output size, the last two
 *       consistent over the clip.</li>
 * </ul>
 * Views are uint8 {@code T × outputSize × outputSize × 3} and a pure function of (seed, video id, clip index,
 * input clip). Instances are immutable and thread-safe.
 */
public final class ViewAugmenter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The paper's and the official code's img_dim. */
    public static final int PAPER_OUTPUT_SIZE = 112;

    private final int outputSize;
    private final int intermediateSize;
    private final long seed;
    private final CropBoxSampler cropSampler;
    private final double flipProbability;
    private final double colorJitterProbability;
    private final ColorJitter colorJitter;
    private final double grayscaleProbability;
    private final double blurProbability;
    private final double minBlurSigma;
    private final double maxBlurSigma;
    private final boolean consistentColorJitter;
    private final int blurReferenceSize;

    private ViewAugmenter(Builder builder) {
        this.outputSize = builder.outputSize;
        this.intermediateSize = builder.intermediateSize;
        this.seed = builder.seed;
        this.cropSampler = new CropBoxSampler(builder.minCropScale, builder.maxCropScale,
                builder.minCropRatio, builder.maxCropRatio);
        this.flipProbability = builder.flipProbability;
        this.colorJitterProbability = builder.colorJitterProbability;
        this.colorJitter = new ColorJitter(builder.brightness, builder.contrast, builder.saturation, builder.hue);
        this.grayscaleProbability = builder.grayscaleProbability;
        this.blurProbability = builder.blurProbability;
        this.minBlurSigma = builder.minBlurSigma;
        this.maxBlurSigma = builder.maxBlurSigma;
        this.consistentColorJitter = builder.consistentColorJitter;
        this.blurReferenceSize = builder.blurReferenceSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Both views from one clip. */
    public PairViews makeViews(Clip clip, String videoId, long clipIndex) {
        return makeViews(clip, videoId, clipIndex, 0);
    }

    /**
     * Both views from one clip in replay {@code pass} of the data set: new views for every pass above 0, the
     * views of {@link #makeViews(Clip, String, long)} for pass 0.
     */
    public PairViews makeViews(Clip clip, String videoId, long clipIndex, int pass) {
        return makeViews(clip, clip, videoId, clipIndex, pass);
    }

    /**
     * Both views from two clips of the same video, as the official {@code double_sample} (its default) draws
     * them: the first clip becomes the query, the second the key.
     */
    public PairViews makeViews(Clip queryClip, Clip keyClip, String videoId, long clipIndex) {
        return makeViews(queryClip, keyClip, videoId, clipIndex, 0);
    }

    private PairViews makeViews(Clip queryClip, Clip keyClip, String videoId, long clipIndex, int pass) {
        return new PairViews(makeView(queryClip, ViewRandomness.stream(seed, videoId, clipIndex, pass, ViewKind.QUERY),
                ViewKind.QUERY), makeView(keyClip, ViewRandomness.stream(seed, videoId, clipIndex, pass, ViewKind.KEY),
                ViewKind.KEY));
    }

    /** One view, identical to the same view of {@link #makeViews(Clip, String, long)}. */
    public Clip makeView(Clip clip, String videoId, long clipIndex, ViewKind kind) {
        return makeView(clip, ViewRandomness.stream(seed, videoId, clipIndex, kind), kind);
    }

    /** One view drawn from a caller-supplied generator (which this call advances). */
    public Clip makeView(Clip clip, RandomGenerator rng, ViewKind kind) {
        return render(clip, planView(kind, clip.frames(), clip.height(), clip.width(), rng));
    }

    /**
     * Draws every random decision of one view of a {@code frames × height × width} clip. The order of the
     * draws follows the transform list: crop, flip, then (query only) jitter on/off and per-frame jitters,
     * grayscale, blur on/off and σ.
     */
    public ViewPlan planView(ViewKind kind, int frames, int height, int width, RandomGenerator rng) {
        CropBox crop = cropSampler.sample(height, width, rng);
        boolean flip = ViewRandomness.chance(rng, flipProbability);
        if (kind == ViewKind.KEY) {
            return ViewPlan.cropAndFlip(crop, flip);
        }
        List<FrameJitter> frameJitters = new ArrayList<>();
        if (ViewRandomness.chance(rng, colorJitterProbability)) {
            FrameJitter clipJitter = consistentColorJitter ? colorJitter.sample(rng) : null;
            for (int t = 0; t < frames; t++) {
                frameJitters.add(consistentColorJitter ? clipJitter : colorJitter.sample(rng));
            }
        }
        boolean grayscale = ViewRandomness.chance(rng, grayscaleProbability);
        double blurSigma = ViewRandomness.chance(rng, blurProbability)
                ? ViewRandomness.uniform(rng, minBlurSigma, maxBlurSigma) * blurScale()
                : 0;
        return new ViewPlan(crop, flip, frameJitters, grayscale, blurSigma);
    }

    /** σ is drawn at the reference size: at another output size the same blur in scene terms is σ × size / reference. */
    private double blurScale() {
        return blurReferenceSize == 0 ? 1 : (double) outputSize / blurReferenceSize;
    }

    /** Renders a plan on a clip: a pure function. */
    public Clip render(Clip clip, ViewPlan plan) {
        return ViewRenderer.render(clip, plan, outputSize, intermediateSize);
    }

    public int outputSize() {
        return outputSize;
    }

    public int intermediateSize() {
        return intermediateSize;
    }

    public long seed() {
        return seed;
    }

    /** {@code set…} options are required, {@code opt…} options default to the official code's values. */
    public static final class Builder {
        private int outputSize;
        /** Official: RandomResizedCrop(224) before Resize(img_dim). 0 resizes the crop directly. */
        private int intermediateSize = 224;
        /** Official: torch and Python random are seeded with 0. */
        private long seed;
        /** Official: RandomResizedCrop scale=(0.2, 1.0). */
        private double minCropScale = 0.2;
        private double maxCropScale = 1.0;
        /** Official: torchvision's default ratio=(3/4, 4/3). */
        private double minCropRatio = 3.0 / 4.0;
        private double maxCropRatio = 4.0 / 3.0;
        /** Official: RandomHorizontalFlip p=0.5, both views. */
        private double flipProbability = 0.5;
        /** Official: RandomApply([ColorJitter], p=0.8), query view. */
        private double colorJitterProbability = 0.8;
        /** Official: ColorJitter(0.4, 0.4, 0.4, 0.1). */
        private double brightness = 0.4;
        private double contrast = 0.4;
        private double saturation = 0.4;
        private double hue = 0.1;
        /** Official: RandomGrayscale p=0.2, query view. */
        private double grayscaleProbability = 0.2;
        /** Official: RandomApply([GaussianBlur], p=0.5), query view. */
        private double blurProbability = 0.5;
        /** Official: σ ~ U(0.1, 2.0). */
        private double minBlurSigma = 0.1;
        private double maxBlurSigma = 2.0;
        /** Official: ColorJitter per_img=True, new factors for every frame (the paper says consistent). */
        private boolean consistentColorJitter = false;
        /** Official: σ is drawn for the 112-pixel view; 0 = σ at whatever the output size is. */
        private int blurReferenceSize = PAPER_OUTPUT_SIZE;

        private Builder() {
        }

        /** Required: the side of the square views (img_dim; {@link #PAPER_OUTPUT_SIZE} in the paper). */
        public Builder setOutputSize(int outputSize) {
            this.outputSize = outputSize;
            return this;
        }

        public Builder optIntermediateSize(int intermediateSize) {
            this.intermediateSize = intermediateSize;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optCropScale(double min, double max) {
            this.minCropScale = min;
            this.maxCropScale = max;
            return this;
        }

        /** Aspect ratio (width / height) range of the crop, sampled log-uniformly. */
        public Builder optCropRatio(double min, double max) {
            this.minCropRatio = min;
            this.maxCropRatio = max;
            return this;
        }

        public Builder optFlipProbability(double probability) {
            this.flipProbability = probability;
            return this;
        }

        public Builder optColorJitterProbability(double probability) {
            this.colorJitterProbability = probability;
            return this;
        }

        /** Strengths as torchvision's ColorJitter(brightness, contrast, saturation, hue). */
        public Builder optColorJitter(double brightness, double contrast, double saturation, double hue) {
            this.brightness = brightness;
            this.contrast = contrast;
            this.saturation = saturation;
            this.hue = hue;
            return this;
        }

        public Builder optGrayscaleProbability(double probability) {
            this.grayscaleProbability = probability;
            return this;
        }

        public Builder optBlurProbability(double probability) {
            this.blurProbability = probability;
            return this;
        }

        public Builder optBlurSigma(double min, double max) {
            this.minBlurSigma = min;
            this.maxBlurSigma = max;
            return this;
        }

        /**
         * True: one colour jitter (factors and op order) for the whole clip, as the paper describes ("consistent
         * for each frame"); false (default): new factors for every frame, as the official code does.
         */
        public Builder optConsistentColorJitter(boolean consistent) {
            this.consistentColorJitter = consistent;
            return this;
        }

        /**
         * The view size at which the blur σ range holds (default 112, the official img_dim); σ is scaled by
         * output size / reference so that a smaller view is not blurred more in scene terms. 0 = no scaling.
         */
        public Builder optBlurReferenceSize(int referenceSize) {
            this.blurReferenceSize = referenceSize;
            return this;
        }

        public ViewAugmenter build() {
            if (blurReferenceSize < 0) {
                throw new IllegalStateException("blur reference size must be >= 0 (0 = none), got " + blurReferenceSize);
            }
            if (outputSize < 1) {
                throw new IllegalStateException("setOutputSize(...) is required and must be >= 1, got " + outputSize);
            }
            if (intermediateSize < 0) {
                throw new IllegalStateException("intermediate size must be >= 0 (0 = none), got " + intermediateSize);
            }
            requireProbability("flip", flipProbability);
            requireProbability("colour jitter", colorJitterProbability);
            requireProbability("grayscale", grayscaleProbability);
            requireProbability("blur", blurProbability);
            if (!(0 < minBlurSigma && minBlurSigma <= maxBlurSigma)) {
                throw new IllegalStateException("blur sigma range must satisfy 0 < min <= max, got ("
                        + minBlurSigma + ", " + maxBlurSigma + ")");
            }
            return new ViewAugmenter(this);
        }

        private static void requireProbability(String name, double probability) {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalStateException(name + " probability must be in [0, 1], got " + probability);
            }
        }
    }
}
