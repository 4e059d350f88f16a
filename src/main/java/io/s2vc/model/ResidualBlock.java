package io.s2vc.model;

import io.s2vc.util.Seeds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The 3D-ResNet BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)) with 3×3×3
 * convolutions (the first one strided), and a shortcut of type B: a strided 1×1×1 convolution + BN
 * where the shape changes, the identity elsewhere. Kaiming-normal (fan_out) convolution weights.
 */
public final class ResidualBlock extends AbstractBlock {
    private final ConvBn conv1;
    private final ConvBn conv2;
    private final ConvBn shortcut;

    public ResidualBlock(int inPlanes, int planes, int stride, long seed) {
        conv1 = addChildBlock("conv1", ConvBn.builder().setFilters(planes).setKernel(3, 3, 3)
                .optStride(stride, stride, stride).optPadding(1, 1, 1)
                .setWeightInit(SeededInitializer.kaimingNormalFanOut(Seeds.derive(seed, "conv1"))).build());
        conv2 = addChildBlock("conv2", ConvBn.builder().setFilters(planes).setKernel(3, 3, 3)
                .optPadding(1, 1, 1).optRelu(false)
                .setWeightInit(SeededInitializer.kaimingNormalFanOut(Seeds.derive(seed, "conv2"))).build());
        shortcut = stride == 1 && inPlanes == planes ? null
                : addChildBlock("downsample", ConvBn.builder().setFilters(planes).setKernel(1, 1, 1)
                        .optStride(stride, stride, stride).optRelu(false)
                        .setWeightInit(SeededInitializer.kaimingNormalFanOut(Seeds.derive(seed, "downsample")))
                        .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray out = conv2.forward(parameterStore, conv1.forward(parameterStore, inputs, training), training)
                .singletonOrThrow();
        NDArray residual = shortcut == null ? inputs.singletonOrThrow()
                : shortcut.forward(parameterStore, inputs, training).singletonOrThrow();
        return new NDList(Activation.relu(out.add(residual)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv1.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        conv2.initialize(manager, dataType, conv1.getOutputShapes(inputShapes));
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}
