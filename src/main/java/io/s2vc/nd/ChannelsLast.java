package io.s2vc.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The same tensor (N, C, …) stored channels-last (N, …, C in memory), as libtorch's {@code
 * channels_last} and {@code channels_last_3d} memory formats, which DJL has no API for.
 *
 * <p>Why: given a channels-first input, libtorch's CPU convolution converts it to oneDNN's blocked layout
 * and its output back for every call; between the layers of a sub-net those conversions of the
 * (N, 128, 64, 64) activations took 18 % of the flow's oneDNN time (docs/benchmarks.md). A channels-last
 * input makes libtorch choose oneDNN's {@code nxc} kernels: no conversion, and the output stays channels-last
 * through convolutions and element-wise operations. The values are the same; only the strides change.
 */
public final class ChannelsLast {
    private ChannelsLast() {
    }

    /**
     * A channels-last copy of a 4-D (N, C, H, W) or 5-D (N, C, T, H, W) array, same shape and values, in the
     * array's manager. Differentiable (a permutation and reshapes).
     */
    public static NDArray of(NDArray x) {
        Shape shape = x.getShape();
        int rank = shape.dimension();
        if (rank != 4 && rank != 5) {
            throw new IllegalArgumentException("channels-last needs a 4-D or 5-D array, got shape " + shape);
        }
        int[] toLast = new int[rank];
        int[] toFirst = new int[rank];
        long[] permuted = new long[rank];
        toLast[0] = 0;
        toFirst[0] = 0;
        toFirst[1] = rank - 1;
        for (int axis = 1; axis < rank - 1; axis++) {
            toLast[axis] = axis + 1;
            toFirst[axis + 1] = axis;
        }
        toLast[rank - 1] = 1;
        for (int axis = 0; axis < rank; axis++) {
            permuted[axis] = shape.get(toLast[axis]);
        }
        // Flattening the permuted view cannot be a view, so libtorch copies it in its (N, …, C) order;
        // restoring the shape and permuting back are views of that storage.
        return x.transpose(toLast).reshape(-1, shape.get(1)).reshape(new Shape(permuted)).transpose(toFirst);
    }
}
