package io.s2vc.flow.pretrain;

import io.s2vc.flow.pretrain.FramePool.FrameRef;
import java.util.List;
import java.util.SplittableRandom;

/**
 * 8-bit interleaved frames (H×W×3) → a float batch (N, 3, H, W) as AdvFlow pre-processes its training
 * images (reference §1.7): random horizontal flip, uniform dequantisation x = (v + u) / 256 with
 * u ~ U[0, 1) (the same as (255·x + u) / 256 for x = v / 255), then additive Gaussian noise N(0, σ²).
 * Done in Java from a seeded generator, so a batch depends only on the frames and the seed.
 */
public final class Dequantizer {
    private static final int CHANNELS = 3;

    private final int height;
    private final int width;
    private final double flipProbability;
    private final double noiseSigma;

    /**
     * @param flipProbability probability of a horizontal flip per frame (0 = never)
     * @param noiseSigma standard deviation of the additive noise (0 = none)
     */
    public Dequantizer(int height, int width, double flipProbability, double noiseSigma) {
        if (!(flipProbability >= 0 && flipProbability <= 1) || !(noiseSigma >= 0)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1] and noise sigma >= 0");
        }
        this.height = height;
        this.width = width;
        this.flipProbability = flipProbability;
        this.noiseSigma = noiseSigma;
    }

    /** A training batch: flip, dequantisation and noise. */
    public float[] training(List<FrameRef> frames, SplittableRandom random) {
        return convert(frames, random, flipProbability, noiseSigma);
    }

    /** Dequantisation only (no flip, no noise): how held-out frames are scored. */
    public float[] dequantizeOnly(List<FrameRef> frames, SplittableRandom random) {
        return convert(frames, random, 0, 0);
    }

    private float[] convert(List<FrameRef> frames, SplittableRandom random, double flipP, double sigma) {
        int plane = height * width;
        float[] batch = new float[frames.size() * CHANNELS * plane];
        for (int n = 0; n < frames.size(); n++) {
            FrameRef frame = frames.get(n);
            boolean flip = flipP > 0 && random.nextDouble() < flipP;
            int base = n * CHANNELS * plane;
            for (int c = 0; c < CHANNELS; c++) {
                for (int y = 0; y < height; y++) {
                    int row = frame.offset() + y * width * CHANNELS + c;
                    int out = base + c * plane + y * width;
                    for (int x = 0; x < width; x++) {
                        int source = row + (flip ? width - 1 - x : x) * CHANNELS;
                        double value = ((frame.data()[source] & 0xff) + random.nextDouble()) / 256.0;
                        if (sigma > 0) {
                            value += sigma * random.nextGaussian();
                        }
                        batch[out + x] = (float) value;
                    }
                }
            }
        }
        return batch;
    }
}
