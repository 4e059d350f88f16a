package io.s2vc.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.model.BackboneType;
import io.s2vc.model.MomentumContrast;
import io.s2vc.testing.TestArrays;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Training throughput (forward + backward + Adam + momentum update + enqueue) in pairs per second.
 * A measurement, not an assertion: run with {@code -Dtest=StepThroughputTest -Dmoco.bench=true} on a
 * quiet machine (another busy libtorch process slows it down several times; see {@link TrainingStep}).
 */
@EnabledIfSystemProperty(named = "moco.bench", matches = "true")
class StepThroughputTest {

    @Test
    void tiny3dAt8x48x48Batch16() {
        measure(BackboneType.TINY3D, new Shape(8, 48, 48), 16, 2, 7);
    }

    @Test
    void r3d18At16x112x112Batch2() {
        measure(BackboneType.R3D18, new Shape(16, 112, 112), 2, 1, 5);
    }

    private static void measure(BackboneType backbone, Shape clip, int batch, int warmup, int repeats) {
        try (NDManager manager = NDManager.newBaseManager();
                TrainingStep training = TrainingStep.builder()
                        .setContrast(MomentumContrast.builder().setBackbone(backbone))
                        .build(manager)) {
            Shape shape = new Shape(batch, 3).addAll(clip);
            NDArray query = TestArrays.uniform(manager, 1, shape);
            NDArray key = TestArrays.uniform(manager, 2, shape);
            double[] seconds = new double[repeats];
            for (int r = -warmup; r < repeats; r++) {
                long start = System.nanoTime();
                training.run(query, key);
                if (r >= 0) {
                    seconds[r] = (System.nanoTime() - start) / 1e9;
                }
            }
            Arrays.sort(seconds);
            double median = seconds[repeats / 2];
            System.out.printf("moco-step %s %s batch=%d median=%.3fs -> %.1f pairs/s (runs %s)%n",
                    backbone.id(), clip, batch, median, batch / median, Arrays.toString(seconds));
        }
    }
}
