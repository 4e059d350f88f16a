package io.s2vc.video;

import java.util.Arrays;

/**
 * Down-sampling of uint8 RGB frames with the semantics of PyTorch's {@code adaptive_avg_pool2d}: output
 * row i averages input rows [floor(i·H/h), ceil((i+1)·H/h)), and likewise for columns (windows may
 * overlap). S²VC brings frames to the flow's size this way (reference §2.2). The mean is rounded to
 * the nearest integer, so frames stay 8-bit.
 */
public final class AdaptiveAveragePool {
    private final int inputHeight;
    private final int inputWidth;
    private final int outputHeight;
    private final int outputWidth;
    private final int[] rowStart;
    private final int[] rowEnd;
    private final int[] columnStart;
    private final int[] columnEnd;
    /** Per output pixel and channel, the running sums of one output row (reused between rows). */
    private final long[] sums;

    public AdaptiveAveragePool(int inputHeight, int inputWidth, int outputHeight, int outputWidth) {
        if (inputHeight < 1 || inputWidth < 1 || outputHeight < 1 || outputWidth < 1) {
            throw new IllegalArgumentException("cannot pool " + inputHeight + "x" + inputWidth + " to "
                    + outputHeight + "x" + outputWidth);
        }
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
        this.outputHeight = outputHeight;
        this.outputWidth = outputWidth;
        this.rowStart = windowStarts(inputHeight, outputHeight);
        this.rowEnd = windowEnds(inputHeight, outputHeight);
        this.columnStart = windowStarts(inputWidth, outputWidth);
        this.columnEnd = windowEnds(inputWidth, outputWidth);
        this.sums = new long[outputWidth * Clip.CHANNELS];
    }

    /**
     * Pools the frame starting at {@code offset} of {@code source} (interleaved RGB rows of the input
     * size) into {@code target} at {@code targetOffset} (the output size).
     */
    public void pool(byte[] source, int offset, byte[] target, int targetOffset) {
        for (int oy = 0; oy < outputHeight; oy++) {
            Arrays.fill(sums, 0);
            for (int y = rowStart[oy]; y < rowEnd[oy]; y++) {
                int row = offset + y * inputWidth * Clip.CHANNELS;
                for (int ox = 0; ox < outputWidth; ox++) {
                    for (int x = columnStart[ox]; x < columnEnd[ox]; x++) {
                        int pixel = row + x * Clip.CHANNELS;
                        for (int c = 0; c < Clip.CHANNELS; c++) {
                            sums[ox * Clip.CHANNELS + c] += source[pixel + c] & 0xff;
                        }
                    }
                }
            }
            int rows = rowEnd[oy] - rowStart[oy];
            for (int ox = 0; ox < outputWidth; ox++) {
                long count = (long) rows * (columnEnd[ox] - columnStart[ox]);
                int out = targetOffset + (oy * outputWidth + ox) * Clip.CHANNELS;
                for (int c = 0; c < Clip.CHANNELS; c++) {
                    target[out + c] = (byte) ((2 * sums[ox * Clip.CHANNELS + c] + count) / (2 * count));
                }
            }
        }
    }

    /** The pooled copy of one frame of a clip. */
    public byte[] pool(Clip clip, int frame) {
        if (clip.height() != inputHeight || clip.width() != inputWidth) {
            throw new IllegalArgumentException("pool for " + inputHeight + "x" + inputWidth + " frames given a "
                    + clip.height() + "x" + clip.width() + " clip");
        }
        byte[] out = new byte[outputHeight * outputWidth * Clip.CHANNELS];
        pool(clip.rgb(), clip.offset(frame, 0, 0), out, 0);
        return out;
    }

    private static int[] windowStarts(int input, int output) {
        int[] starts = new int[output];
        for (int i = 0; i < output; i++) {
            starts[i] = (int) ((long) i * input / output);
        }
        return starts;
    }

    private static int[] windowEnds(int input, int output) {
        int[] ends = new int[output];
        for (int i = 0; i < output; i++) {
            ends[i] = (int) (((long) (i + 1) * input + output - 1) / output);
        }
        return ends;
    }
}
