package io.s2vc.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Conv3d without bias → BatchNorm3d (PyTorch defaults: eps 1e-5, momentum 0.1, γ = 1, β = 0) →
 * optional ReLU: the unit every backbone here is made of.
 */
public final class ConvBn extends AbstractBlock {
    private final Conv3d conv;
    private final BatchNorm norm;
    private final boolean relu;

    private ConvBn(Builder builder) {
        conv = addChildBlock("conv", Conv3d.builder()
                .setFilters(builder.filters)
                .setKernelShape(builder.kernel)
                .optStride(builder.stride)
                .optPadding(builder.padding)
                .optBias(false)
                .build());
        conv.setInitializer(builder.weightInit, Parameter.Type.WEIGHT);
        norm = addChildBlock("bn", BatchNorm.builder().build());
        relu = builder.relu;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = norm.forward(parameterStore, conv.forward(parameterStore, inputs, training), training);
        return relu ? new NDList(Activation.relu(x.singletonOrThrow())) : x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }

    /** Filters, kernel and weight initialiser are required; stride 1, padding 0 and ReLU on by default. */
    public static final class Builder {
        private int filters;
        private Shape kernel;
        private Shape stride = new Shape(1, 1, 1);
        private Shape padding = new Shape(0, 0, 0);
        private boolean relu = true;
        private Initializer weightInit;

        private Builder() {
        }

        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Kernel (t, h, w). */
        public Builder setKernel(long t, long h, long w) {
            this.kernel = new Shape(t, h, w);
            return this;
        }

        public Builder setWeightInit(Initializer weightInit) {
            this.weightInit = weightInit;
            return this;
        }

        public Builder optStride(long t, long h, long w) {
            this.stride = new Shape(t, h, w);
            return this;
        }

        public Builder optPadding(long t, long h, long w) {
            this.padding = new Shape(t, h, w);
            return this;
        }

        public Builder optRelu(boolean relu) {
            this.relu = relu;
            return this;
        }

        public ConvBn build() {
            if (filters < 1 || kernel == null || weightInit == null) {
                throw new IllegalArgumentException("ConvBn needs filters, a kernel and a weight initialiser");
            }
            return new ConvBn(this);
        }
    }
}
