package io.s2vc.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * 3D max pooling (padding with −∞, floor mode, as PyTorch's {@code MaxPool3d}). Unlike DJL's pooling
 * lambda block it computes its output shape arithmetically instead of running on a zero tensor.
 */
public final class MaxPool3d extends AbstractBlock {
    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;

    public MaxPool3d(Shape kernel, Shape stride, Shape padding) {
        if (kernel.dimension() != 3 || stride.dimension() != 3 || padding.dimension() != 3) {
            throw new IllegalArgumentException("kernel, stride and padding must be (t, h, w)");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Pool.maxPool3d(inputs.singletonOrThrow(), kernel, stride, padding, false));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] out = in.getShape().clone();
        for (int d = 0; d < 3; d++) {
            out[2 + d] = Math.floorDiv(in.get(2 + d) + 2 * padding.get(d) - kernel.get(d), stride.get(d)) + 1;
        }
        return new Shape[] {new Shape(out)};
    }
}
