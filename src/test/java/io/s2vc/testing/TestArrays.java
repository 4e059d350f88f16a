package io.s2vc.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Deterministic test inputs drawn in Java (the engine's generator depends on what ran before). */
public final class TestArrays {
    private TestArrays() {
    }

    /** U[0, 1) values of the given shape. */
    public static NDArray uniform(NDManager manager, long seed, Shape shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return manager.create(values, shape);
    }

    /** N(0, 1) values of the given shape. */
    public static NDArray gaussian(NDManager manager, long seed, Shape shape) {
        return gaussian(manager, seed, 1f, shape);
    }

    /** N(0, sigma²) values of the given shape. */
    public static NDArray gaussian(NDManager manager, long seed, float sigma, Shape shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (sigma * random.nextGaussian());
        }
        return manager.create(values, shape);
    }

    public static float maxAbsDiff(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        if (x.length != y.length) {
            throw new IllegalArgumentException("sizes differ: " + x.length + " vs " + y.length);
        }
        float max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
