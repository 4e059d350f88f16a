package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/** Initialises a parameter with values computed up front (the fixed 1×1 convolution's matrices). */
final class FixedValuesInitializer implements Initializer {
    private final float[] values;

    FixedValuesInitializer(float... values) {
        this.values = values.clone();
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException("shape " + shape + " does not hold " + values.length + " values");
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
