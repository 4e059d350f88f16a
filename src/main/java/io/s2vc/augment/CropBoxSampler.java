package io.s2vc.augment;

import java.io.Serializable;
import java.util.random.RandomGenerator;

/**
 * Samples the box of a RandomResizedCrop the way torchvision does: up to ten attempts at a box of random
 * area fraction (uniform in the scale range) and aspect ratio w/h (log-uniform in the ratio range), each
 * kept only if it fits in the image; otherwise a centre crop with the aspect ratio clamped to the range.
 */
public final class CropBoxSampler implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int ATTEMPTS = 10;

    private final double minScale;
    private final double maxScale;
    private final double minRatio;
    private final double maxRatio;

    public CropBoxSampler(double minScale, double maxScale, double minRatio, double maxRatio) {
        if (!(0 < minScale && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException("crop scale range must satisfy 0 < min <= max <= 1, got ("
                    + minScale + ", " + maxScale + ")");
        }
        if (!(0 < minRatio && minRatio <= maxRatio)) {
            throw new IllegalArgumentException("crop ratio range must satisfy 0 < min <= max, got ("
                    + minRatio + ", " + maxRatio + ")");
        }
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.minRatio = minRatio;
        this.maxRatio = maxRatio;
    }

    public CropBox sample(int height, int width, RandomGenerator rng) {
        double area = (double) height * width;
        double logMinRatio = Math.log(minRatio);
        double logMaxRatio = Math.log(maxRatio);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * ViewRandomness.uniform(rng, minScale, maxScale);
            double aspectRatio = Math.exp(ViewRandomness.uniform(rng, logMinRatio, logMaxRatio));
            // Math.rint rounds half to even, as Python's round() in torchvision.
            int cropWidth = (int) Math.rint(Math.sqrt(targetArea * aspectRatio));
            int cropHeight = (int) Math.rint(Math.sqrt(targetArea / aspectRatio));
            if (0 < cropWidth && cropWidth <= width && 0 < cropHeight && cropHeight <= height) {
                int top = rng.nextInt(height - cropHeight + 1);
                int left = rng.nextInt(width - cropWidth + 1);
                return new CropBox(top, left, cropHeight, cropWidth);
            }
        }
        return centreFallback(height, width);
    }

    private CropBox centreFallback(int height, int width) {
        double imageRatio = (double) width / height;
        int cropWidth = width;
        int cropHeight = height;
        if (imageRatio < minRatio) {
            cropHeight = Math.max(1, (int) Math.rint(width / minRatio));
        } else if (imageRatio > maxRatio) {
            cropWidth = Math.max(1, (int) Math.rint(height * maxRatio));
        }
        return new CropBox((height - cropHeight) / 2, (width - cropWidth) / 2, cropHeight, cropWidth);
    }
}
