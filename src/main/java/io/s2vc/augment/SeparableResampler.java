package io.s2vc.augment;

import io.s2vc.video.Clip;

/**
 * The resampler behind every resize of this package: PIL-style antialiased bilinear, separable
 * (a horizontal pass over the source rows that are needed, then a vertical pass), driven by two
 * precomputed {@link AxisWeights} tables. It reads uint8 frames and writes float frames in [0, 255], so
 * several stages can follow before one rounding at the end of a view.
 *
 * <p>{@link #resize} is the public entry. Instances (used by the view pipeline) own scratch buffers for
 * one (tables, source width) combination and are not thread-safe; the pipeline makes one per view.
 */
public final class SeparableResampler {
    private final AxisWeights rows;
    private final AxisWeights columns;
    private final int sourceWidth;
    private final float[] sourceLine;
    private final float[][] horizontalPass;

    SeparableResampler(AxisWeights rows, AxisWeights columns, int sourceWidth) {
        if (columns.minSource() < 0 || columns.minSource() + columns.sourceSpan() > sourceWidth) {
            throw new IllegalArgumentException("column weights read outside a source of width " + sourceWidth);
        }
        this.rows = rows;
        this.columns = columns;
        this.sourceWidth = sourceWidth;
        this.sourceLine = new float[columns.sourceSpan() * Clip.CHANNELS];
        this.horizontalPass = FloatPixels.newFrame(rows.sourceSpan(), columns.outputSize());
    }

    /** Resizes every frame of a clip (no crop), e.g. for evaluation transforms or tests. */
    public static Clip resize(Clip clip, int outputHeight, int outputWidth) {
        SeparableResampler resampler = new SeparableResampler(AxisWeights.resize(clip.height(), outputHeight),
                AxisWeights.resize(clip.width(), outputWidth), clip.width());
        int outputFrameSize = outputHeight * outputWidth * Clip.CHANNELS;
        float[][] frame = FloatPixels.newFrame(outputHeight, outputWidth);
        byte[] output = new byte[clip.frames() * outputFrameSize];
        for (int t = 0; t < clip.frames(); t++) {
            resampler.resample(clip.rgb(), clip.offset(t, 0, 0), frame);
            FloatPixels.store(frame, output, t * outputFrameSize);
        }
        return new Clip(clip.frames(), outputHeight, outputWidth, output);
    }

    /**
     * Resamples the frame that starts at {@code frameOffset} of {@code source} (interleaved RGB rows of
     * {@code sourceWidth} pixels) into {@code output}, a frame of the output size (see {@link FloatPixels}).
     */
    void resample(byte[] source, int frameOffset, float[][] output) {
        resampleRows(source, frameOffset);
        resampleColumns(output);
    }

    private void resampleRows(byte[] source, int frameOffset) {
        int taps = columns.taps();
        int[] firstSource = columns.firstSource();
        float[] weights = columns.weights();
        int columnOrigin = columns.minSource();
        for (int r = 0; r < rows.sourceSpan(); r++) {
            int lineStart = frameOffset + ((rows.minSource() + r) * sourceWidth + columnOrigin) * Clip.CHANNELS;
            // Convert once per row: each source pixel feeds several outputs.
            for (int i = 0; i < sourceLine.length; i++) {
                sourceLine[i] = source[lineStart + i] & 0xFF;
            }
            float[] target = horizontalPass[r];
            for (int o = 0, t = 0; o < columns.outputSize(); o++, t += Clip.CHANNELS) {
                int pixel = (firstSource[o] - columnOrigin) * Clip.CHANNELS;
                int weight = o * taps;
                float red = 0;
                float green = 0;
                float blue = 0;
                for (int k = 0; k < taps; k++, pixel += Clip.CHANNELS) {
                    float w = weights[weight + k];
                    red += w * sourceLine[pixel];
                    green += w * sourceLine[pixel + 1];
                    blue += w * sourceLine[pixel + 2];
                }
                target[t] = red;
                target[t + 1] = green;
                target[t + 2] = blue;
            }
        }
    }

    private void resampleColumns(float[][] output) {
        int taps = rows.taps();
        int[] firstSource = rows.firstSource();
        float[] weights = rows.weights();
        for (int o = 0; o < rows.outputSize(); o++) {
            float[] target = output[o];
            int line = firstSource[o] - rows.minSource();
            // Whole-row multiply-adds over row arrays indexed from 0: loops the JIT vectorises.
            float[] tap = horizontalPass[line];
            float w = weights[o * taps];
            for (int i = 0; i < target.length; i++) {
                target[i] = w * tap[i];
            }
            for (int k = 1; k < taps; k++) {
                tap = horizontalPass[line + k];
                w = weights[o * taps + k];
                for (int i = 0; i < target.length; i++) {
                    target[i] += w * tap[i];
                }
            }
        }
    }
}
