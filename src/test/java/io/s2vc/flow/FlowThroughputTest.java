package io.s2vc.flow;

import io.s2vc.testing.TestArrays;
import static io.s2vc.testing.TestArrays.uniform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Encode + decode throughput at batch 16 for both architectures. A measurement, not an assertion:
 * run with {@code -Dtest=FlowThroughputTest -Dflow.bench=true}.
 */
@EnabledIfSystemProperty(named = "flow.bench", matches = "true")
class FlowThroughputTest {
    private static final int BATCH = 16;
    private static final int REPEATS = 3;

    @Test
    void encodeDecodeFramesPerSecond() {
        for (FlowSpec spec : new FlowSpec[] {FlowSpec.cpuTiny32(), FlowSpec.advflowImagenet64()}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                FlowModel model = FlowModel.create(spec, FlowInit.randomEverywhere(1, FlowInit.ADVFLOW_SIGMA), manager);
                NDArray frames = uniform(manager, 2, spec.frameShape(BATCH));
                double[] seconds = new double[REPEATS];
                for (int r = -1; r < REPEATS; r++) {
                    try (NDManager call = manager.newSubManager()) {
                        NDArray input = frames.duplicate();
                        input.attach(call);
                        long start = System.nanoTime();
                        model.decode(model.encode(input)).toFloatArray();
                        if (r >= 0) {
                            seconds[r] = (System.nanoTime() - start) / 1e9;
                        }
                    }
                }
                Arrays.sort(seconds);
                double median = seconds[REPEATS / 2];
                double gflop = 2 * FlowFlops.perFrame(spec) / 1e9 * BATCH;
                System.out.printf("flow-throughput %s batch=%d encode+decode median=%.3fs -> %.1f frames/s, "
                                + "conv %.1f GFLOP -> %.1f GFLOP/s (runs %s)%n",
                        spec.name(), BATCH, median, BATCH / median, gflop, gflop / median, Arrays.toString(seconds));
            }
        }
    }
}
