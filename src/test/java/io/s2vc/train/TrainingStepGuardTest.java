package io.s2vc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.s2vc.model.BackboneType;
import io.s2vc.model.MomentumContrast;
import io.s2vc.nd.Autograd;
import io.s2vc.nd.NonFiniteGradientException;
import io.s2vc.testing.TestArrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The health guard of the MoCo step: garbage in one channel of a gradient (what the faulty kernels wrote)
 * never reaches Adam, the queue or the key encoder. The fault is put in by hand, between backward and
 * the guard, so the test runs the same on every host.
 */
class TrainingStepGuardTest {
    private static final Shape BATCH = new Shape(4, 3, 4, 16, 16);
    private static final String FAULTY = "01backbone_02block2_01conv_weight";

    private static TrainingStep step(NDManager manager, Consumer<PairList<String, Parameter>> fault) {
        return TrainingStep.builder()
                .setContrast(MomentumContrast.builder().setBackbone(BackboneType.TINY3D).optQueueSize(16).optSeed(3))
                .optAfterBackward(fault)
                .build(manager);
    }

    /** Writes NaN into one output channel of {@code name}'s gradient while {@code armed} says so. */
    private static Consumer<PairList<String, Parameter>> nanChannel(String name, Set<Long> steps, long[] counter) {
        return parameters -> {
            counter[0]++;
            if (!steps.contains(counter[0])) {
                return;
            }
            try (Autograd.Scope paused = Autograd.pause()) {
                NDArray grad = parameters.get(name).getArray().getGradient();
                grad.set(new NDIndex("1"), Float.NaN);
                grad.close();
            }
        };
    }

    private static StepResult run(TrainingStep step, NDManager manager, long seed) {
        try (NDManager data = manager.newSubManager()) {
            return step.run(TestArrays.uniform(data, seed, BATCH), TestArrays.uniform(data, seed + 100, BATCH));
        }
    }

    @Test
    void aSkippedStepLeavesTheTrainerStateAsItWas() {
        long[] calls = {0};
        try (NDManager manager = NDManager.newBaseManager(); TrainingStep step = step(manager, nanChannel(FAULTY, Set.of(3L), calls))) {
            assertTrue(step.contrast().trainableParameters().contains(FAULTY), "the parameter exists");
            run(step, manager, 1);
            run(step, manager, 2);
            byte[] before = step.snapshot().toBytes();
            StepResult skipped = run(step, manager, 3);
            assertTrue(skipped.skipped());
            assertEquals(2, skipped.step(), "the step count stays");
            assertTrue(Float.isFinite(skipped.loss()), "the loss was finite: a gradient fault, not divergence");
            assertArrayEquals(before, step.snapshot().toBytes(),
                    "encoders, BN statistics, Adam's moments, the queue and the step as before the skipped step");
            assertEquals(1, step.skippedSteps());
            StepResult next = run(step, manager, 4);
            assertFalse(next.skipped());
            assertEquals(3, next.step());
        }
    }

    @Test
    void threeFaultyStepsInARowStopTrainingNamingTheParameter() {
        long[] calls = {0};
        try (NDManager manager = NDManager.newBaseManager();
                TrainingStep step = step(manager, nanChannel(FAULTY, Set.of(2L, 3L, 4L), calls))) {
            run(step, manager, 1);
            assertTrue(run(step, manager, 2).skipped());
            assertTrue(run(step, manager, 3).skipped());
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, () -> run(step, manager, 4));
            assertEquals(FAULTY, e.parameter());
            assertTrue(e.getMessage().startsWith("non-finite gradient in " + FAULTY + " while the loss was finite"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("learning rate"), e.getMessage());
        }
    }

    @Test
    void aNonFiniteLossIsDivergenceWithItsOwnMessage() {
        try (NDManager manager = NDManager.newBaseManager(); TrainingStep step = step(manager, p -> { })) {
            AtomicReference<IllegalStateException> error = new AtomicReference<>();
            try (NDManager data = manager.newSubManager()) {
                NDArray poisoned = TestArrays.uniform(data, 1, BATCH).mul(Float.POSITIVE_INFINITY);
                error.set(assertThrows(IllegalStateException.class,
                        () -> step.run(poisoned, TestArrays.uniform(data, 2, BATCH))));
            }
            assertFalse(error.get() instanceof NonFiniteGradientException);
            assertTrue(error.get().getMessage().contains("training diverged at step 1"), error.get().getMessage());
        }
    }
}
