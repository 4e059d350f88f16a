package io.s2vc.augment;

import java.util.Arrays;

/**
 * Resampling weights along one image axis: output sample {@code o} is
 * {@code sum_k weight(o, k) * source[firstSource(o) + k]} for {@code k < taps}.
 *
 * <p>The filter is PIL's bilinear one: a triangle of support 1 in output units, widened by the scale factor
 * when down-scaling (antialiasing: every source pixel contributes), plain linear interpolation when
 * up-scaling. Weights are computed in double and stored as float.
 *
 * <p>Every output has the same number of taps: shorter rows are padded with zero weights and shifted to
 * stay inside the source, so the loops of {@link SeparableResampler} need no bounds checks or branches.
 */
final class AxisWeights {
    private final int outputSize;
    private final int taps;
    private final int[] firstSource;
    private final float[] weights;
    private final int minSource;
    private final int sourceSpan;

    private AxisWeights(int outputSize, int taps, int[] firstSource, float[] weights) {
        this.outputSize = outputSize;
        this.taps = taps;
        this.firstSource = firstSource;
        this.weights = weights;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int first : firstSource) {
            min = Math.min(min, first);
            max = Math.max(max, first + taps);
        }
        this.minSource = min;
        this.sourceSpan = max - min;
    }

    /** Resizes an axis of {@code inputSize} samples to {@code outputSize}. */
    static AxisWeights resize(int inputSize, int outputSize) {
        return WeightRows.bilinear(inputSize, outputSize).pack(0, false);
    }

    /**
     * Crops {@code [cropStart, cropStart + cropLength)} and resizes it to {@code outputSize}, through an
     * intermediate size as the official code does (crop → 224 → img_dim), or directly when
     * {@code intermediateSize} is 0. The two stages are composed into one table: both are linear, and the
     * pipeline keeps floats between them, so composing is exact up to float rounding and never builds the
     * intermediate image.
     * {@code mirrored} reverses the output order, which is a horizontal flip of the resized crop.
     */
    static AxisWeights resizedCrop(int cropStart, int cropLength, int intermediateSize, int outputSize,
            boolean mirrored) {
        WeightRows rows = intermediateSize > 0
                ? WeightRows.bilinear(cropLength, intermediateSize)
                        .then(WeightRows.bilinear(intermediateSize, outputSize))
                : WeightRows.bilinear(cropLength, outputSize);
        return rows.pack(cropStart, mirrored);
    }

    int outputSize() {
        return outputSize;
    }

    int taps() {
        return taps;
    }

    /** First source index of each output (absolute, i.e. including the crop offset). */
    int[] firstSource() {
        return firstSource;
    }

    /** {@code outputSize × taps} weights, row-major. */
    float[] weights() {
        return weights;
    }

    /** The lowest source index any output reads. */
    int minSource() {
        return minSource;
    }

    /** How many consecutive source samples, from {@link #minSource()}, the outputs read. */
    int sourceSpan() {
        return sourceSpan;
    }

    /** Weights of variable length per output, in double, relative to the start of the (cropped) input. */
    private static final class WeightRows {
        private final int inputSize;
        private final int[] start;
        private final double[][] weights;

        private WeightRows(int inputSize, int[] start, double[][] weights) {
            this.inputSize = inputSize;
            this.start = start;
            this.weights = weights;
        }

        /** PIL's {@code precompute_coeffs} for the bilinear filter (support 1), with {@code in0 = 0}. */
        static WeightRows bilinear(int inputSize, int outputSize) {
            if (inputSize < 1 || outputSize < 1) {
                throw new IllegalArgumentException("cannot resize " + inputSize + " samples to " + outputSize);
            }
            double scale = (double) inputSize / outputSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            int[] start = new int[outputSize];
            double[][] weights = new double[outputSize][];
            for (int o = 0; o < outputSize; o++) {
                double centre = (o + 0.5) * scale;
                int low = Math.max((int) (centre - support + 0.5), 0);
                int high = Math.min((int) (centre + support + 0.5), inputSize);
                double[] row = new double[high - low];
                double sum = 0;
                for (int i = 0; i < row.length; i++) {
                    row[i] = triangle((low + i - centre + 0.5) / filterScale);
                    sum += row[i];
                }
                if (sum != 0) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] /= sum;
                    }
                }
                start[o] = low;
                weights[o] = row;
            }
            return new WeightRows(inputSize, start, weights).trimmed();
        }

        private static double triangle(double x) {
            double distance = Math.abs(x);
            return distance < 1.0 ? 1.0 - distance : 0.0;
        }

        /** The composition: this resampling followed by {@code next} (whose input is this one's output). */
        WeightRows then(WeightRows next) {
            int outputSize = next.start.length;
            int[] composedStart = new int[outputSize];
            double[][] composedWeights = new double[outputSize][];
            double[] dense = new double[inputSize];
            for (int o = 0; o < outputSize; o++) {
                int low = Integer.MAX_VALUE;
                int high = Integer.MIN_VALUE;
                for (int k = 0; k < next.weights[o].length; k++) {
                    int middle = next.start[o] + k;
                    double outer = next.weights[o][k];
                    double[] inner = weights[middle];
                    low = Math.min(low, start[middle]);
                    high = Math.max(high, start[middle] + inner.length);
                    for (int i = 0; i < inner.length; i++) {
                        dense[start[middle] + i] += outer * inner[i];
                    }
                }
                composedStart[o] = low;
                composedWeights[o] = Arrays.copyOfRange(dense, low, high);
                Arrays.fill(dense, low, high, 0.0);
            }
            return new WeightRows(inputSize, composedStart, composedWeights).trimmed();
        }

        /** Drops exact zero weights at both ends of each row (the triangle's edge taps), to save taps. */
        private WeightRows trimmed() {
            int[] trimmedStart = new int[start.length];
            double[][] trimmedWeights = new double[start.length][];
            for (int o = 0; o < start.length; o++) {
                double[] row = weights[o];
                int first = 0;
                int end = row.length;
                while (end - first > 1 && row[first] == 0) {
                    first++;
                }
                while (end - first > 1 && row[end - 1] == 0) {
                    end--;
                }
                trimmedStart[o] = start[o] + first;
                trimmedWeights[o] = Arrays.copyOfRange(row, first, end);
            }
            return new WeightRows(inputSize, trimmedStart, trimmedWeights);
        }

        /** Fixed-tap float table, shifted by {@code offset} into source coordinates, optionally mirrored. */
        AxisWeights pack(int offset, boolean mirrored) {
            int outputSize = start.length;
            int taps = 1;
            for (double[] row : weights) {
                taps = Math.max(taps, row.length);
            }
            int[] firstSource = new int[outputSize];
            float[] packed = new float[outputSize * taps];
            for (int o = 0; o < outputSize; o++) {
                int row = mirrored ? outputSize - 1 - o : o;
                // Keep the whole tap window inside the input; the padding then carries zero weights.
                int first = Math.min(start[row], inputSize - taps);
                int shift = start[row] - first;
                for (int i = 0; i < weights[row].length; i++) {
                    packed[o * taps + shift + i] = (float) weights[row][i];
                }
                firstSource[o] = offset + first;
            }
            return new AxisWeights(outputSize, taps, firstSource, packed);
        }
    }
}
