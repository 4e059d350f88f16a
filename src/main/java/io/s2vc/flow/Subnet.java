package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A coupling's coefficient network (FrEIA's {@code subnet_constructor}): maps one part of the input
 * to the log-scale and shift for the other part. Its layers are registered as DJL parameters named
 * as in the checkpoint ({@code conv1.weight}, {@code fc2b.bias}…).
 */
public abstract class Subnet extends AbstractBlock {
    private final FlowInit init;

    protected Subnet(FlowInit init) {
        this.init = init;
    }

    /** The coefficients for {@code x}; the result lives in x's manager. */
    public abstract NDArray apply(NDArray x);

    /** Registers a layer's weight and bias; the last layer of a sub-net may start at zero. */
    protected final Parameter[] addLayer(String name, Shape weightShape, long outputs, boolean last) {
        boolean zero = last && init.zeroLastLayers();
        Parameter weight = addParameter(Parameter.builder()
                .setName(name + ".weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(weightShape)
                .optInitializer(initializer(zero, name + ".weight"))
                .build());
        Parameter bias = addParameter(Parameter.builder()
                .setName(name + ".bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(outputs))
                .optInitializer(initializer(zero, name + ".bias"))
                .build());
        return new Parameter[] {weight, bias};
    }

    private Initializer initializer(boolean zero, String name) {
        return zero ? Initializer.ZEROS : new SeededGaussianInitializer(init.sigma(), init.childSeed(name));
    }

    public Map<String, Parameter> stateDict() {
        return new LinkedHashMap<>(parameters);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }
}
