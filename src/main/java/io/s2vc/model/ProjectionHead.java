package io.s2vc.model;

import io.s2vc.util.Seeds;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MoCo's projection head of the official code (official §4.2): Linear(fs → fs) → ReLU →
 * Linear(fs → embedding), with biases and no BN. The official code writes these as 1×1×1
 * convolutions on the pooled 1×1×1 map, which is the same map. PyTorch's default initialisation:
 * weights and biases U(−1/√fan_in, 1/√fan_in).
 */
public final class ProjectionHead extends AbstractBlock {
    private final Linear hidden;
    private final Linear output;

    public ProjectionHead(int featureSize, int embeddingSize, long seed) {
        hidden = addChildBlock("fc1", linear(featureSize, featureSize, Seeds.derive(seed, "fc1")));
        output = addChildBlock("fc2", linear(featureSize, embeddingSize, Seeds.derive(seed, "fc2")));
    }

    private static Linear linear(int inputs, int units, long seed) {
        Linear linear = Linear.builder().setUnits(units).optBias(true).build();
        double bound = 1 / Math.sqrt(inputs);
        linear.setInitializer(SeededInitializer.uniform(bound, Seeds.derive(seed, "weight")), Parameter.Type.WEIGHT);
        linear.setInitializer(SeededInitializer.uniform(bound, Seeds.derive(seed, "bias")), Parameter.Type.BIAS);
        return linear;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList h = new NDList(Activation.relu(hidden.forward(parameterStore, inputs, training).singletonOrThrow()));
        return output.forward(parameterStore, h, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return output.getOutputShapes(hidden.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hidden.initialize(manager, dataType, inputShapes);
        output.initialize(manager, dataType, hidden.getOutputShapes(inputShapes));
    }
}
