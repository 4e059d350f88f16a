package io.s2vc.suppress;

import io.s2vc.video.Clip;

/**
 * How much of a clip's frame-to-frame change a motion-preserved version keeps, inside the regions that move and
 * in the ones that stand still: what a viewer of real footage should see (the street fades, the walkers stay).
 *
 * <p>A pixel is <em>moving</em> when its luma changes by more than {@code threshold} (0–255) between some pair of
 * consecutive input frames, else static. For each region: the mean |Δ luma| between consecutive frames of the input
 * and of the output (per pixel and frame pair, 0–255), and the mean luma of both. In static regions the input hardly
 * changes, so there the output's own change in luma levels says more than a ratio. Accumulate clips with
 * {@link #add}; read the totals from {@link #result()}.
 */
public final class ChangeSurvival {
    /** The totals so far: the share of moving pixels, then per region the input's and the output's means. */
    public record Result(double movingShare, double movingChangeIn, double movingChangeOut, double staticChangeIn,
            double staticChangeOut, double movingLumaIn, double movingLumaOut, double staticLumaIn,
            double staticLumaOut) {

        /** Output change / input change in the moving regions. */
        public double movingChangeKept() {
            return movingChangeOut / movingChangeIn;
        }

        /** Output luma / input luma in the static regions: how far the scene fades. */
        public double staticLumaKept() {
            return staticLumaOut / staticLumaIn;
        }
    }

    private final int threshold;
    private long movingPixels;
    private long pixels;
    /** Pixel-frames (luma sums) and pixel-frame pairs (change sums) per region. */
    private final long[] frames = new long[2];
    private final long[] pairs = new long[2];
    /** [region][0 = input, 1 = output] sums of |Δ luma| and of luma; region 0 = static, 1 = moving. */
    private final double[][] change = new double[2][2];
    private final double[][] luma = new double[2][2];

    /** @param threshold luma change (0–255) above which a pixel counts as moving */
    public ChangeSurvival(int threshold) {
        if (threshold < 0 || threshold > 255) {
            throw new IllegalArgumentException("threshold must be in 0..255, got " + threshold);
        }
        this.threshold = threshold;
    }

    /** Adds a clip and its motion-preserved version (same shape, at least 2 frames). */
    public void add(Clip input, Clip output) {
        if (input.frames() != output.frames() || input.height() != output.height() || input.width() != output.width()
                || input.frames() < 2) {
            throw new IllegalArgumentException("input and output clips must have the same shape and >= 2 frames");
        }
        int area = input.height() * input.width();
        for (int p = 0; p < area; p++) {
            boolean moving = false;
            for (int t = 1; t < input.frames() && !moving; t++) {
                moving = Math.abs(luma(input, t, p) - luma(input, t - 1, p)) > threshold;
            }
            int region = moving ? 1 : 0;
            movingPixels += region;
            pixels++;
            frames[region] += input.frames();
            pairs[region] += input.frames() - 1;
            for (int t = 0; t < input.frames(); t++) {
                luma[region][0] += luma(input, t, p);
                luma[region][1] += luma(output, t, p);
                if (t > 0) {
                    change[region][0] += Math.abs(luma(input, t, p) - luma(input, t - 1, p));
                    change[region][1] += Math.abs(luma(output, t, p) - luma(output, t - 1, p));
                }
            }
        }
    }

    public Result result() {
        return new Result(pixels == 0 ? Double.NaN : (double) movingPixels / pixels,
                mean(change[1][0], pairs[1]), mean(change[1][1], pairs[1]), mean(change[0][0], pairs[0]),
                mean(change[0][1], pairs[0]), mean(luma[1][0], frames[1]), mean(luma[1][1], frames[1]),
                mean(luma[0][0], frames[0]), mean(luma[0][1], frames[0]));
    }

    private static double mean(double sum, long count) {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** ITU-R BT.601 luma of pixel {@code p} of frame {@code t}, 0–255. */
    private static double luma(Clip clip, int t, int p) {
        byte[] rgb = clip.rgb();
        int i = t * clip.frameBytes() + p * Clip.CHANNELS;
        return 0.299 * (rgb[i] & 0xFF) + 0.587 * (rgb[i + 1] & 0xFF) + 0.114 * (rgb[i + 2] & 0xFF);
    }
}
