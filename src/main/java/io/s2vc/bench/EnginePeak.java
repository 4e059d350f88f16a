package io.s2vc.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The fp32 matrix-multiply rate of the engine a benchmark runs on (2048 × 2048 by 2048 × 2048, 2·n³
 * FLOPs), measured in the same process and run as the benchmark it is compared with: the practical
 * peak of this machine through this engine, which moves from run to run on shared hosts.
 */
public final class EnginePeak {
    public static final int SIZE = 2048;
    private static final int WARM_UP = 2;
    private static final int DEFAULT_REPEATS = 5;

    private EnginePeak() {
    }

    /**
     * The line {@code engine.matmul_fp32_gflops} that opens a benchmark's output: {@code repeats} timed
     * multiplications on {@code manager}'s device, the peak for the lines that follow.
     */
    public static Measurement measurement(NDManager manager, int repeats) {
        return new Measurement("engine.matmul_fp32_gflops", "GFLOP/s", samplesGflops(manager, repeats))
                .with("size", SIZE)
                .with("device", Measurement.deviceName(manager.getDevice()))
                .with("threads", threads(manager))
                .with("note", "2048x2048 fp32 matmul, the practical peak for the lines that follow");
    }

    /** libtorch's intra-op threads (or the processors for another engine): the {@code threads} field of a line. */
    public static int threads(NDManager manager) {
        return "PyTorch".equals(manager.getEngine().getEngineName())
                ? JniUtils.getNumThreads()
                : Runtime.getRuntime().availableProcessors();
    }

    /** The median GFLOP/s over a few timed multiplications. */
    public static double measureGflops(NDManager manager) {
        return Measurement.median(samplesGflops(manager, DEFAULT_REPEATS));
    }

    /** GFLOP/s of each of {@code repeats} timed multiplications, after a warm-up. */
    public static double[] samplesGflops(NDManager manager, int repeats) {
        double flops = 2.0 * SIZE * SIZE * SIZE;
        double[] samples = new double[repeats];
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(SIZE, SIZE);
            NDArray a = scope.randomUniform(-1, 1, shape);
            NDArray b = scope.randomUniform(-1, 1, shape);
            for (int r = -WARM_UP; r < repeats; r++) {
                long start = System.nanoTime();
                try (NDArray product = a.matMul(b)) {
                    product.getFloat(0, 0); // waits for the result on asynchronous devices
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (r >= 0) {
                    samples[r] = flops / seconds / 1e9;
                }
            }
        }
        return samples;
    }
}
