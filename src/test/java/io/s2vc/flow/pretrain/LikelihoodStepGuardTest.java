package io.s2vc.flow.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.nd.Autograd;
import io.s2vc.nd.CoupledAdam;
import io.s2vc.nd.GradientGuard;
import io.s2vc.nd.NonFiniteGradientException;
import io.s2vc.testing.TestArrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Flow pre-training's health guard, with the AVX-512 AMD fault put in by hand: NaN in exactly one output
 * channel of a coupling's middle convolution (48×9 weights), the signature seen there.
 */
class LikelihoodStepGuardTest {
    private static final String FAULTY = "module_list.13.s1.conv2.weight";

    @Test
    void garbageInOneChannelIsSkippedThenStopsTrainingNamingTheParameter() {
        FlowSpec spec = FlowSpec.cpuTiny32();
        int[] pass = {0};
        Consumer<PairList<String, Parameter>> fault = parameters -> {
            if (++pass[0] >= 2) {
                try (Autograd.Scope paused = Autograd.pause(); NDArray grad = parameters.get(FAULTY).getArray().getGradient()) {
                    grad.set(new NDIndex("7"), Float.NaN);
                }
            }
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel model = FlowModel.create(spec, FlowInit.randomEverywhere(2, FlowInit.ADVFLOW_SIGMA), manager);
            CoupledAdam adam = CoupledAdam.builder().build(LikelihoodStep.trainableParameters(model), manager);
            LikelihoodStep step = new LikelihoodStep(model, adam, new GradientGuard("flow pre-training", 3), fault);
            NDArray frames = TestArrays.uniform(manager, 1, spec.frameShape(4));
            step.run(frames, 1e-3, 1);
            assertEquals(1, adam.steps());
            float[] weights = model.stateDict().get(FAULTY).getArray().toFloatArray();
            float[] moment = adam.firstMoment(LikelihoodStep.trainableParameters(model).keys().indexOf(FAULTY)).toFloatArray();
            double bits = step.run(frames, 1e-3, 2);
            assertTrue(Double.isFinite(bits));
            assertEquals(1, adam.steps(), "a skipped step never reaches Adam");
            assertArrayEquals(weights, model.stateDict().get(FAULTY).getArray().toFloatArray());
            assertArrayEquals(moment, adam.firstMoment(LikelihoodStep.trainableParameters(model).keys().indexOf(FAULTY)).toFloatArray());
            step.run(frames, 1e-3, 3);
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, () -> step.run(frames, 1e-3, 4));
            assertEquals(FAULTY, e.parameter());
            assertTrue(e.getMessage().contains("non-finite gradient in " + FAULTY + " while the loss was finite"), e.getMessage());
        }
    }
}
