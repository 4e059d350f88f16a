package io.s2vc.model;

import io.s2vc.util.Seeds;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * S3D's inception block without gating (the official {@code SepInception}), four branches
 * concatenated along the channels:
 * 1×1×1; 1×1×1 → separable 3; 1×1×1 → separable 3; max-pool 3×3×3 stride 1 pad 1 → 1×1×1.
 */
public final class InceptionBlock extends AbstractBlock {
    private final ConvBn branch0;
    private final ConvBn branch1Reduce;
    private final SeparableConv3d branch1;
    private final ConvBn branch2Reduce;
    private final SeparableConv3d branch2;
    private final MaxPool3d branch3Pool;
    private final ConvBn branch3;
    private final int outChannels;

    /** Widths in the official order: b0, b1 reduce, b1, b2 reduce, b2, b3. */
    public InceptionBlock(int[] widths, long seed) {
        if (widths.length != 6) {
            throw new IllegalArgumentException("an inception block has 6 widths, got " + widths.length);
        }
        branch0 = addChildBlock("branch0", pointwise(widths[0], Seeds.derive(seed, "branch0")));
        branch1Reduce = addChildBlock("branch1.reduce", pointwise(widths[1], Seeds.derive(seed, "branch1.reduce")));
        branch1 = addChildBlock("branch1", new SeparableConv3d(widths[2], 3, 1, 1, 1, Seeds.derive(seed, "branch1")));
        branch2Reduce = addChildBlock("branch2.reduce", pointwise(widths[3], Seeds.derive(seed, "branch2.reduce")));
        branch2 = addChildBlock("branch2", new SeparableConv3d(widths[4], 3, 1, 1, 1, Seeds.derive(seed, "branch2")));
        branch3Pool = addChildBlock("branch3.pool",
                new MaxPool3d(new Shape(3, 3, 3), new Shape(1, 1, 1), new Shape(1, 1, 1)));
        branch3 = addChildBlock("branch3", pointwise(widths[5], Seeds.derive(seed, "branch3")));
        outChannels = widths[0] + widths[2] + widths[4] + widths[5];
    }

    private static ConvBn pointwise(int filters, long seed) {
        return ConvBn.builder().setFilters(filters).setKernel(1, 1, 1).setWeightInit(S3d.weightInit(seed)).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList b0 = branch0.forward(parameterStore, inputs, training);
        NDList b1 = chain(parameterStore, inputs, training, branch1Reduce, branch1);
        NDList b2 = chain(parameterStore, inputs, training, branch2Reduce, branch2);
        NDList b3 = chain(parameterStore, inputs, training, branch3Pool, branch3);
        return new NDList(NDArrays.concat(
                new NDList(b0.singletonOrThrow(), b1.singletonOrThrow(), b2.singletonOrThrow(), b3.singletonOrThrow()),
                1));
    }

    private static NDList chain(ParameterStore store, NDList x, boolean training, Block first, Block second) {
        return second.forward(store, first.forward(store, x, training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels).addAll(in.slice(2))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        branch0.initialize(manager, dataType, inputShapes);
        branch1Reduce.initialize(manager, dataType, inputShapes);
        branch1.initialize(manager, dataType, branch1Reduce.getOutputShapes(inputShapes));
        branch2Reduce.initialize(manager, dataType, inputShapes);
        branch2.initialize(manager, dataType, branch2Reduce.getOutputShapes(inputShapes));
        branch3Pool.initialize(manager, dataType, inputShapes);
        branch3.initialize(manager, dataType, inputShapes);
    }
}
