package io.s2vc.suppress;

import static io.s2vc.suppress.SuppressTestArrays.uniform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Clips per second of the whole suppression (resampling, encode, std, mask, decode, residual) with random
 * weights: the paper profile (16×112×112, advflow-imagenet64) at batch 1 and 4, and the CPU profile
 * (8×48×48, cpu-tiny-32). A measurement, not an assertion: run with
 * {@code -Dtest=SuppressionThroughputTest -Dsuppress.bench=true}.
 */
@EnabledIfSystemProperty(named = "suppress.bench", matches = "true")
class SuppressionThroughputTest {
    private static final int REPEATS = 3;

    @Test
    void paperProfile() {
        measure(FlowSpec.advflowImagenet64(), 16, 112, new int[] {1, 4}, 2);
    }

    @Test
    void cpuProfile() {
        measure(FlowSpec.cpuTiny32(), 8, 48, new int[] {1, 4, 16}, REPEATS);
    }

    private static void measure(FlowSpec spec, int frames, int size, int[] batches, int repeats) {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel flow = FlowModel.create(spec, FlowInit.randomEverywhere(1, FlowInit.ADVFLOW_SIGMA), manager);
            try (StaticCueSuppressor suppressor = StaticCueSuppressor.builder().setFlow(flow).build()) {
                for (int batch : batches) {
                    NDArray clips = uniform(manager, batch, new Shape(batch, 3, frames, size, size));
                    double[] seconds = new double[repeats];
                    for (int r = -1; r < repeats; r++) { // one warm-up run
                        long start = System.nanoTime();
                        try (SuppressionResult result = suppressor.suppress(clips)) {
                            result.output().toFloatArray(); // wait for the values
                        }
                        if (r >= 0) {
                            seconds[r] = (System.nanoTime() - start) / 1e9;
                        }
                    }
                    Arrays.sort(seconds);
                    double median = seconds[repeats / 2];
                    System.out.printf("suppress-throughput %s clips=%dx%dx%d batch=%d median=%.3fs -> %.2f clips/s, "
                                    + "%.1f frames/s (runs %s)%n",
                            spec.name(), frames, size, size, batch, median, batch / median, batch * frames / median,
                            Arrays.toString(seconds));
                    clips.close();
                }
            }
        }
    }
}
