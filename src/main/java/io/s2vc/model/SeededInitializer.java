package io.s2vc.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Random initial values from a private generator. DJL's own random initialisers draw from the engine's
 * global generator, whose state depends on everything that ran before; these depend on the seed only.
 */
public final class SeededInitializer implements Initializer {
    private enum Kind { NORMAL, UNIFORM, KAIMING_NORMAL_FAN_OUT }

    private final Kind kind;
    private final double scale;
    private final long seed;

    private SeededInitializer(Kind kind, double scale, long seed) {
        this.kind = kind;
        this.scale = scale;
        this.seed = seed;
    }

    /** N(0, std²). */
    public static SeededInitializer normal(double std, long seed) {
        return new SeededInitializer(Kind.NORMAL, std, seed);
    }

    /** U(−bound, bound). */
    public static SeededInitializer uniform(double bound, long seed) {
        return new SeededInitializer(Kind.UNIFORM, bound, seed);
    }

    /**
     * PyTorch's {@code kaiming_normal_(w, mode='fan_out')} with the ReLU gain: N(0, 2 / fan_out), where
     * fan_out = output channels × kernel volume of a weight shaped (out, in, k...).
     */
    public static SeededInitializer kaimingNormalFanOut(long seed) {
        return new SeededInitializer(Kind.KAIMING_NORMAL_FAN_OUT, 0, seed);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        double std = kind == Kind.KAIMING_NORMAL_FAN_OUT ? Math.sqrt(2.0 / fanOut(shape)) : scale;
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (kind == Kind.UNIFORM
                    ? scale * (2 * random.nextDouble() - 1)
                    : std * random.nextGaussian());
        }
        return manager.create(values, shape).toType(dataType, false);
    }

    private static long fanOut(Shape shape) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("fan_out needs a weight shaped (out, in, ...), got " + shape);
        }
        return shape.get(0) * shape.slice(2).size();
    }
}
