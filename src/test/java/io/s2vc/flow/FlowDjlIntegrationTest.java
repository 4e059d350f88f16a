package io.s2vc.flow;

import io.s2vc.testing.TestArrays;
import static io.s2vc.testing.TestArrays.maxAbsDiff;
import static io.s2vc.testing.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flow as a plain DJL block: Trainer initialise / forward / step, and Model save / load. */
class FlowDjlIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void trainerStepsMoveTrainableParametersOnly() {
        FlowSpec spec = FlowModelTest.tinySpec();
        try (Model model = Model.newInstance("flow")) {
            FlowModel flow = new FlowModel(spec, FlowInit.advflow(1));
            model.setBlock(flow);
            // The loss is computed by hand (bits/dim); the config's loss is only a placeholder.
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(spec.frameShape(1));
                NDArray conv3Before = flow.stateDict().get("module_list.1.s1.conv3.weight").getArray().duplicate();
                NDArray mBefore = flow.stateDict().get("module_list.4.M").getArray().duplicate();
                float first = 0;
                float last = 0;
                for (int step = 0; step < 5; step++) {
                    try (NDManager batch = trainer.getManager().newSubManager();
                            GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray x = uniform(batch, 10 + step, spec.frameShape(8));
                        NDList out = trainer.forward(new NDList(x));
                        assertEquals(2, out.size(), "[latents, logDet]");
                        NDArray bits = flow.bitsPerDim(x).mean();
                        collector.backward(bits);
                        last = bits.getFloat();
                        first = step == 0 ? last : first;
                    }
                    trainer.step();
                }
                assertTrue(maxAbsDiff(conv3Before, flow.stateDict().get("module_list.1.s1.conv3.weight").getArray()) > 0,
                        "the zero last layer moved");
                assertEquals(0f, maxAbsDiff(mBefore, flow.stateDict().get("module_list.4.M").getArray()), "M is frozen");
                assertTrue(last < first, "bits/dim went down: " + first + " -> " + last);
            }
        }
    }

    @Test
    void djlSaveAndLoadRestoreTheSameFlow() throws Exception {
        FlowSpec spec = FlowModelTest.tinySpec();
        try (Model saved = Model.newInstance("flow"); Model loaded = Model.newInstance("flow")) {
            FlowModel original = FlowModel.create(spec, FlowInit.randomEverywhere(3, 0.2f), saved.getNDManager());
            saved.setBlock(original);
            saved.save(dir, "flow");
            FlowModel restored = new FlowModel(spec, FlowInit.advflow(4));
            loaded.setBlock(restored);
            loaded.load(dir, "flow");
            NDArray x = uniform(loaded.getNDManager(), 5, spec.frameShape(2));
            assertEquals(0f, maxAbsDiff(original.encode(x), restored.encode(x)));
        }
    }
}
