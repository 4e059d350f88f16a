package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * FrEIA/AdvFlow {@code F_fully_connected}: four Linear layers {@code fc1, fc2, fc2b, fc3} with ReLU
 * between them (dropout p = 0 in the reference, so none here).
 */
public final class DenseSubnet extends Subnet {
    private final int outFeatures;
    private final Parameter[] fc1;
    private final Parameter[] fc2;
    private final Parameter[] fc2b;
    private final Parameter[] fc3;

    public DenseSubnet(int inFeatures, int outFeatures, int internal, FlowInit init) {
        super(init);
        this.outFeatures = outFeatures;
        fc1 = addLayer("fc1", new Shape(internal, inFeatures), internal, false);
        fc2 = addLayer("fc2", new Shape(internal, internal), internal, false);
        fc2b = addLayer("fc2b", new Shape(internal, internal), internal, false);
        fc3 = addLayer("fc3", new Shape(outFeatures, internal), outFeatures, true);
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray h = Activation.relu(linear(x, fc1));
        h = Activation.relu(linear(h, fc2));
        h = Activation.relu(linear(h, fc2b));
        return linear(h, fc3);
    }

    private static NDArray linear(NDArray x, Parameter[] layer) {
        return Linear.linear(x, layer[0].getArray(), layer[1].getArray()).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outFeatures)};
    }
}
