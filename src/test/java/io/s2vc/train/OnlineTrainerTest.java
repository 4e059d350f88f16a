package io.s2vc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnlineTrainerTest {

    @Test
    void batchesAreCutByCountAndTheLastOneMayBeRagged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            List<Long> stepsAfter = new ArrayList<>();
            for (TrainingPair pair : TinyTraining.pairs(10, 5)) {
                Optional<StepResult> result = trainer.add(pair);
                stepsAfter.add(result.map(StepResult::step).orElse(0L));
            }
            assertEquals(List.of(0L, 0L, 0L, 1L, 0L, 0L, 0L, 2L, 0L, 0L), stepsAfter);
            assertEquals(2, trainer.pendingPairs());
            StepResult last = trainer.flush().orElseThrow();
            assertEquals(3, last.step());
            assertTrue(Float.isFinite(last.loss()));
            assertEquals(0, trainer.pendingPairs());
            assertTrue(trainer.flush().isEmpty(), "nothing left to train");
            assertEquals(10, trainer.pairsSeen());
            assertEquals(5, trainer.distinctVideosSeen());
            // 16 queue slots but 5 videos: the queue must hold false negatives.
            assertTrue(trainer.queueExceedsVideos());
        }
    }

    @Test
    void theBudgetStopsTrainingAtItsStepAndCountsLaterPairs() {
        TrainingSettings budget = TrainingSettings.from(io.s2vc.config.Config.load("cpu-tiny",
                java.util.stream.Stream.concat(TinyTraining.overrides().stream(), java.util.stream.Stream.of(
                        "train.max_steps=2")).toList()), "unused");
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = new OnlineTrainer(budget, manager);
            List<Long> steps = new ArrayList<>();
            for (TrainingPair pair : TinyTraining.pairs(14, 5)) {
                trainer.add(pair).ifPresent(result -> steps.add(result.step()));
            }
            assertEquals(List.of(1L, 2L), steps);
            assertTrue(trainer.budgetSpent());
            assertEquals(8, trainer.pairsSeen());
            assertEquals(6, trainer.pairsBeyondBudget());
            assertEquals(0, trainer.pendingPairs(), "pairs beyond the budget are not buffered");
            assertTrue(trainer.flush().isEmpty(), "nor trained at the end");
            assertEquals(2, trainer.globalStep());

            // A trainer restored at the budget takes no step either; one with a larger budget goes on.
            OnlineTrainer restored = new OnlineTrainer(budget, manager);
            restored.restore(trainer.snapshot());
            assertTrue(restored.add(TinyTraining.pair(20, 5)).isEmpty());
            assertEquals(1, restored.pairsBeyondBudget());
            OnlineTrainer unbounded = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            unbounded.restore(trainer.snapshot());
            assertFalse(unbounded.budgetSpent());
            TinyTraining.pairs(4, 5).forEach(unbounded::add);
            assertEquals(3, unbounded.globalStep());
        }
    }

    @Test
    void aPairOfTheWrongShapeIsRefusedWithTheReason() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            Clip wide = new Clip(TinyTraining.FRAMES, TinyTraining.SIZE, 2 * TinyTraining.SIZE,
                    new byte[TinyTraining.FRAMES * TinyTraining.SIZE * 2 * TinyTraining.SIZE * 3]);
            var e = assertThrows(IllegalArgumentException.class, () -> trainer.add(new TrainingPair("c", "v", wide, wide)));
            assertTrue(e.getMessage().contains("4x16x32 views; this trainer takes 4x16x16"), e.getMessage());
            assertEquals(0, trainer.pairsSeen());
            assertThrows(IllegalArgumentException.class,
                    () -> new TrainingPair("c", "v", TinyTraining.clip(1), wide), "query and key must have one shape");
        }
    }

    @Test
    void aSnapshotWithBufferedPairsContinuesExactly() {
        List<TrainingPair> pairs = TinyTraining.pairs(22, 7);
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer straight = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            pairs.forEach(straight::add);
            straight.flush();

            OnlineTrainer first = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            pairs.subList(0, 10).forEach(first::add); // 2 steps and 2 pairs buffered
            byte[] snapshot = first.snapshot();
            first.close();
            OnlineTrainer resumed = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            resumed.restore(snapshot);
            assertEquals(2, resumed.globalStep());
            assertEquals(2, resumed.pendingPairs());
            assertEquals(10, resumed.pairsSeen());
            pairs.subList(10, pairs.size()).forEach(resumed::add);
            resumed.flush();

            assertEquals(straight.globalStep(), resumed.globalStep());
            assertEquals(straight.pairsSeen(), resumed.pairsSeen());
            assertEquals(straight.pairsDigest(), resumed.pairsDigest());
            assertEquals(PairsDigest.of(pairs.stream().map(TrainingPair::clipId).toList()), resumed.pairsDigest());
            assertEquals(straight.distinctVideosSeen(), resumed.distinctVideosSeen());
            assertParametersEqual(straight.step().contrast().queryEncoder().getParameters(),
                    resumed.step().contrast().queryEncoder().getParameters());
            assertArrayEquals(straight.step().contrast().queue().keys().toFloatArray(),
                    resumed.step().contrast().queue().keys().toFloatArray());
        }
    }

    static void assertParametersEqual(PairList<String, Parameter> expected, PairList<String, Parameter> actual) {
        assertEquals(expected.keys(), actual.keys());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.valueAt(i).getArray().toFloatArray(), actual.valueAt(i).getArray().toFloatArray(),
                    expected.keyAt(i));
        }
    }
}
