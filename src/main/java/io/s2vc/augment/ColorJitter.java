package io.s2vc.augment;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * torchvision's ColorJitter on float frames in [0, 255]: brightness, contrast and saturation factors
 * uniform in [max(0, 1 − s), 1 + s], a hue shift uniform in [−h, h], the four ops in a random order, each
 * op clamping to [0, 255] as torchvision's blends do. A strength of 0 disables its op (no draw), as in
 * torchvision.
 *
 * <p>The SSL query view draws a new {@link FrameJitter} for every frame (the official code's
 * {@code per_img=True}).
 */
public final class ColorJitter implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Op { BRIGHTNESS, CONTRAST, SATURATION, HUE }

    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;

    public ColorJitter(double brightness, double contrast, double saturation, double hue) {
        if (brightness < 0 || contrast < 0 || saturation < 0) {
            throw new IllegalArgumentException("jitter strengths must be >= 0, got brightness " + brightness
                    + ", contrast " + contrast + ", saturation " + saturation);
        }
        if (hue < 0 || hue > 0.5) {
            throw new IllegalArgumentException("hue jitter must be in [0, 0.5], got " + hue);
        }
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.hue = hue;
    }

    /** One frame's draw, in torchvision's order: the op permutation, then the four factors. */
    public FrameJitter sample(RandomGenerator rng) {
        List<Op> order = randomOrder(rng);
        float brightnessFactor = factor(rng, brightness);
        float contrastFactor = factor(rng, contrast);
        float saturationFactor = factor(rng, saturation);
        float hueShift = hue > 0 ? (float) ViewRandomness.uniform(rng, -hue, hue) : 0f;
        return new FrameJitter(order, brightnessFactor, contrastFactor, saturationFactor, hueShift);
    }

    private static List<Op> randomOrder(RandomGenerator rng) {
        List<Op> order = new ArrayList<>(List.of(Op.values()));
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            order.set(i, order.set(j, order.get(i)));
        }
        return List.copyOf(order);
    }

    private static float factor(RandomGenerator rng, double strength) {
        return strength > 0 ? (float) ViewRandomness.uniform(rng, Math.max(0, 1 - strength), 1 + strength) : 1f;
    }

    /** The colour changes of one frame. A factor of 1 (or a hue shift of 0) is the identity and is skipped. */
    public record FrameJitter(List<Op> order, float brightness, float contrast, float saturation, float hueShift) {
        public FrameJitter {
            order = List.copyOf(order);
            if (order.size() != Op.values().length || !order.containsAll(List.of(Op.values()))) {
                throw new IllegalArgumentException("order must be a permutation of " + List.of(Op.values())
                        + ", got " + order);
            }
        }

        /** Applies the ops in order to a frame (rows of interleaved RGB, see {@link FloatPixels}). */
        void applyTo(float[][] frame) {
            for (Op op : order) {
                switch (op) {
                    case BRIGHTNESS -> {
                        if (brightness != 1f) {
                            adjustBrightness(frame, brightness);
                        }
                    }
                    case CONTRAST -> {
                        if (contrast != 1f) {
                            adjustContrast(frame, contrast);
                        }
                    }
                    case SATURATION -> {
                        if (saturation != 1f) {
                            adjustSaturation(frame, saturation);
                        }
                    }
                    case HUE -> {
                        if (hueShift != 0f) {
                            HueShift.apply(frame, hueShift);
                        }
                    }
                }
            }
        }
    }

    /** Blend with black: a multiply. */
    static void adjustBrightness(float[][] frame, float factor) {
        FloatPixels.scaleAndShift(frame, factor, 0f);
    }

    /** Blend with a uniform grey at the frame's mean luma. */
    static void adjustContrast(float[][] frame, float factor) {
        FloatPixels.scaleAndShift(frame, factor, (1 - factor) * Grayscale.meanLuma(frame));
    }

    /** Blend with the frame's own grayscale. */
    static void adjustSaturation(float[][] frame, float factor) {
        for (float[] row : frame) {
            for (int i = 0; i < row.length; i += 3) {
                float greyPart = (1 - factor) * Grayscale.luma(row[i], row[i + 1], row[i + 2]);
                row[i] = FloatPixels.clamp(factor * row[i] + greyPart);
                row[i + 1] = FloatPixels.clamp(factor * row[i + 1] + greyPart);
                row[i + 2] = FloatPixels.clamp(factor * row[i + 2] + greyPart);
            }
        }
    }
}
