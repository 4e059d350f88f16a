package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * N(0, sigma²) values from a private seeded generator. DJL's own normal initialiser draws from the
 * engine's global generator, whose state depends on everything that ran before.
 */
final class SeededGaussianInitializer implements Initializer {
    private final float sigma;
    private final long seed;

    SeededGaussianInitializer(float sigma, long seed) {
        this.sigma = sigma;
        this.seed = seed;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (sigma == 0) {
            return manager.zeros(shape, dataType);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * sigma);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
