package io.s2vc.flow;

import static io.s2vc.flow.FlowTestArrays.uniform;

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
                double gflop = 2 * convolutionGflopPerFrame(spec) * BATCH;
                System.out.printf("flow-throughput %s batch=%d encode+decode median=%.3fs -> %.1f frames/s, "
                                + "conv %.1f GFLOP -> %.1f GFLOP/s (runs %s)%n",
                        spec.name(), BATCH, median, BATCH / median, gflop, gflop / median, Arrays.toString(seconds));
            }
        }
    }

    /** Multiply-adds ×2 of every convolution and linear layer of one encode of one frame. */
    static double convolutionGflopPerFrame(FlowSpec spec) {
        double flops = 0;
        for (FlowNode node : spec.nodes()) {
            if (node instanceof FlowNode.ConvCoupling c) {
                boolean highRes = c.channels() == spec.channels();
                double pixels = highRes ? spec.height() * spec.width() : spec.height() * spec.width() / 4.0;
                int first = c.channels() / 2;
                int second = c.channels() - first;
                int h = c.hidden();
                flops += 2 * 9 * pixels * (first * h + h * h + h * 2 * second);
                flops += 2 * 9 * pixels * (second * h + h * h + h * 2 * first);
            } else if (node instanceof FlowNode.DenseCoupling d) {
                int half = d.features() / 2;
                int w = d.internal();
                flops += 2 * 2 * (half * w + 2 * w * w + w * 2.0 * (d.features() - half));
            }
        }
        return flops / 1e9;
    }
}
