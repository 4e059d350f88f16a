package io.s2vc.suppress;

/**
 * The two resampling ops of S²VC along one image axis, as dense row-major matrices (output × input), so
 * that a frame resamples as {@code M_rows · X · M_colsᵀ} (reference §2.2).
 *
 * <ul>
 *   <li>Down: PyTorch {@code adaptive_avg_pool2d}. Output {@code i} averages the inputs
 *       {@code [floor(i·in/out), ceil((i+1)·in/out))}; for 112→64 the windows overlap, sizes 2,3,3,2 repeating.
 *   <li>Up: PyTorch's legacy {@code nearest} (the default mode of {@code F.interpolate}). Output {@code i}
 *       copies input {@code min(floor(i·scale), in−1)}, with {@code scale = in/out} computed in float as
 *       PyTorch does, so indices match libtorch bit for bit (for 64→112 it is {@code floor(i·4/7)}).
 * </ul>
 */
final class AxisResampling {
    private AxisResampling() {
    }

    /** First input of the averaging window of output {@code i}: {@code floor(i·in/out)}. */
    static int windowStart(int i, int inputSize, int outputSize) {
        return (int) ((long) i * inputSize / outputSize);
    }

    /** One past the last input of the window of output {@code i}: {@code ceil((i+1)·in/out)}. */
    static int windowEnd(int i, int inputSize, int outputSize) {
        return (int) (((long) (i + 1) * inputSize + outputSize - 1) / outputSize);
    }

    /** Input index that output {@code i} copies under PyTorch's legacy nearest. */
    static int nearestSource(int i, int inputSize, int outputSize) {
        float scale = (float) inputSize / outputSize;
        return Math.min((int) Math.floor((float) i * scale), inputSize - 1);
    }

    /** {@code outputSize × inputSize} averaging matrix of adaptive average pooling. */
    static float[] adaptiveAveragePooling(int inputSize, int outputSize) {
        checkSizes(inputSize, outputSize);
        float[] matrix = new float[outputSize * inputSize];
        for (int i = 0; i < outputSize; i++) {
            int start = windowStart(i, inputSize, outputSize);
            int end = windowEnd(i, inputSize, outputSize);
            float weight = 1f / (end - start);
            for (int j = start; j < end; j++) {
                matrix[i * inputSize + j] = weight;
            }
        }
        return matrix;
    }

    /** {@code outputSize × inputSize} one-hot matrix of nearest-neighbour resampling. */
    static float[] nearest(int inputSize, int outputSize) {
        checkSizes(inputSize, outputSize);
        float[] matrix = new float[outputSize * inputSize];
        for (int i = 0; i < outputSize; i++) {
            matrix[i * inputSize + nearestSource(i, inputSize, outputSize)] = 1f;
        }
        return matrix;
    }

    private static void checkSizes(int inputSize, int outputSize) {
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("cannot resample " + inputSize + " samples to " + outputSize);
        }
    }
}
