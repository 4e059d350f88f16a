package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Seeded test inputs and comparisons. */
final class FlowTestArrays {
    private FlowTestArrays() {
    }

    /** Values uniform in [0, 1), like dequantised frames. */
    static NDArray uniform(NDManager manager, long seed, Shape shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return manager.create(values, shape);
    }

    static NDArray gaussian(NDManager manager, long seed, Shape shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }

    static float maxAbsDiff(NDArray a, NDArray b) {
        try (NDArray diff = a.sub(b); NDArray abs = diff.abs(); NDArray max = abs.max()) {
            return max.getFloat();
        }
    }
}
