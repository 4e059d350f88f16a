package io.s2vc.augment;

/**
 * PIL's {@code ImageFilter.GaussianBlur(radius=σ)}, which the official code uses: not a sampled Gaussian
 * but three passes per axis of an "extended box" (Gwosdek et al. 2011) whose fractional radius is chosen
 * so that the three passes have variance exactly σ². A box of radius l + a weighs the 2l + 1 inner taps
 * 1 / (2(l + a) + 1) and the two taps at distance l + 1 a / (2(l + a) + 1). Edges repeat the border
 * pixel at every pass; the horizontal passes come first and run on the transposed frame, as in PIL.
 * Unlike PIL nothing is rounded to uint8 between passes.
 *
 * <p>An instance owns scratch buffers for one frame size and is not thread-safe; make one per view.
 */
final class GaussianBlur {
    static final int PASSES = 3;

    private final int innerRadius;
    private final float innerWeight;
    private final float edgeWeight;
    private final float[][] scratch;
    private final float[][] transposed;
    private final float[][] transposedScratch;

    GaussianBlur(double sigma, int height, int width) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("blur sigma must be > 0, got " + sigma);
        }
        double passVariance = sigma * sigma / PASSES;
        double boxLength = Math.sqrt(12 * passVariance + 1);
        int l = (int) Math.floor((boxLength - 1) / 2);
        double fraction = (2 * l + 1) * (l * (l + 1) - 3 * passVariance)
                / (6 * (passVariance - (l + 1) * (l + 1)));
        double boxWidth = 2 * (l + fraction) + 1;
        this.innerRadius = l;
        this.innerWeight = (float) (1 / boxWidth);
        this.edgeWeight = (float) (fraction / boxWidth);
        this.scratch = FloatPixels.newFrame(height, width);
        this.transposed = FloatPixels.newFrame(width, height);
        this.transposedScratch = FloatPixels.newFrame(width, height);
    }

    /** Blurs a frame (rows of interleaved RGB, see {@link FloatPixels}) in place. */
    void apply(float[][] frame) {
        transpose(frame, transposed);
        transpose(blurAcrossLines(transposed, transposedScratch), frame);
        float[][] blurred = blurAcrossLines(frame, scratch);
        if (blurred != frame) {
            for (int y = 0; y < frame.length; y++) {
                System.arraycopy(blurred[y], 0, frame[y], 0, frame[y].length);
            }
        }
    }

    /**
     * Runs the box passes along the first index (each output line is a weighted sum of whole input lines,
     * loops the JIT vectorises), ping-ponging between the two buffers; returns the one holding the result.
     */
    private float[][] blurAcrossLines(float[][] lines, float[][] spare) {
        float[][] source = lines;
        float[][] target = spare;
        for (int pass = 0; pass < PASSES; pass++) {
            boxPass(source, target);
            float[][] swap = source;
            source = target;
            target = swap;
        }
        return source;
    }

    private void boxPass(float[][] source, float[][] target) {
        int last = source.length - 1;
        int reach = innerRadius + 1;
        for (int y = 0; y <= last; y++) {
            float[] out = target[y];
            float[] before = source[Math.max(0, y - reach)];
            float[] after = source[Math.min(last, y + reach)];
            for (int i = 0; i < out.length; i++) {
                out[i] = edgeWeight * (before[i] + after[i]);
            }
            for (int d = -innerRadius; d <= innerRadius; d++) {
                float[] tap = source[Math.min(last, Math.max(0, y + d))];
                for (int i = 0; i < out.length; i++) {
                    out[i] += innerWeight * tap[i];
                }
            }
        }
    }

    /** Pixel transpose, keeping each pixel's three channels together. */
    private static void transpose(float[][] source, float[][] target) {
        for (int y = 0; y < source.length; y++) {
            float[] row = source[y];
            int column = 3 * y;
            for (int x = 0, i = 0; i < row.length; x++, i += 3) {
                float[] line = target[x];
                line[column] = row[i];
                line[column + 1] = row[i + 1];
                line[column + 2] = row[i + 2];
            }
        }
    }
}
