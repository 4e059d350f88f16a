package io.s2vc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.s2vc.model.BackboneType;
import io.s2vc.model.MomentumContrast;
import io.s2vc.model.QueueStats;
import io.s2vc.testing.TestArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The online MoCo step end to end on the tiny backbone and tiny clips. */
class TrainingStepTest {
    /** (3, T, H, W) of the test clips: small enough for milliseconds per step, big enough for every stride. */
    private static final Shape CLIP = new Shape(3, 4, 16, 16);

    private static TrainingStep tinyStep(NDManager manager, int queueSize, long seed) {
        return TrainingStep.builder()
                .setContrast(MomentumContrast.builder().setBackbone(BackboneType.TINY3D)
                        .optQueueSize(queueSize).optMomentum(0.99).optSeed(seed))
                .optSchedule(LearningRateSchedule.builder().optWarmupSteps(2).build())
                .build(manager);
    }

    private static Shape batchShape(int batch) {
        return new Shape(batch).addAll(CLIP);
    }

    private static List<String> videoIds(int step, int batch) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            ids.add("video-" + (step + i) % 4);
        }
        return ids;
    }

    /** Runs step {@code step} of a fixed ragged sequence of random batches. */
    private static StepResult runStep(TrainingStep training, NDManager manager, int step) {
        int[] sizes = {5, 3, 6, 4, 7, 2};
        int batch = sizes[step % sizes.length];
        try (NDManager data = manager.newSubManager()) {
            NDArray query = TestArrays.uniform(data, 2L * step, batchShape(batch));
            NDArray key = TestArrays.uniform(data, 2L * step + 1, batchShape(batch));
            return training.run(query, key, videoIds(step, batch));
        }
    }

    @Test
    void theLossFallsOnAnEasyInstanceDiscriminationTask() {
        // More videos than queue slots, so that few negatives come from the query's own video.
        int videos = 64;
        int batch = 8;
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingStep training = tinyStep(manager, 16, 3);
            NDArray pool = TestArrays.uniform(manager, 100, batchShape(videos));
            SplittableRandom random = new SplittableRandom(7);
            List<Float> losses = new ArrayList<>();
            for (int step = 0; step < 20; step++) {
                try (NDManager data = manager.newSubManager()) {
                    long[] picks = random.longs(batch, 0, videos).toArray();
                    NDArray clips = pool.get(data.create(picks));
                    clips.attach(data);
                    // Two noisy versions of the same clips: the positives share everything but the noise.
                    NDArray query = clips.add(TestArrays.gaussian(data, 2L * step, 0.1f, clips.getShape()));
                    NDArray key = clips.add(TestArrays.gaussian(data, 2L * step + 1, 0.1f, clips.getShape()));
                    losses.add(training.run(query, key).loss());
                }
            }
            // From step 2 on the queue holds real keys only (with noise keys the task is trivial).
            double first = losses.subList(2, 7).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
            double last = losses.subList(15, 20).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
            assertTrue(last < 0.8 * first, "loss " + first + " -> " + last + ": " + losses);
        }
    }

    @Test
    void raggedBatchesReportTheirStepAndTheQueue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingStep training = tinyStep(manager, 12, 1);
            StepResult first = runStep(training, manager, 0);
            assertEquals(1, first.step());
            assertEquals(5e-4, first.learningRate(), 1e-12, "warm-up: base · 1/2");
            assertTrue(Float.isFinite(first.loss()) && first.loss() > 0);
            assertEquals(0, first.sameVideoNegatives(), "the queue holds noise only");
            assertEquals(new QueueStats(12, 5, 5, 4), first.queue());

            StepResult second = runStep(training, manager, 1); // ids video-1, video-2, video-3
            assertEquals(1e-3, second.learningRate(), 1e-12);
            // Queued: video-0 ×2, video-1, video-2, video-3 → 1 + 1 + 1 same-video negatives.
            assertEquals(3, second.sameVideoNegatives());
            runStep(training, manager, 2);
            StepResult fourth = runStep(training, manager, 3); // 5 + 3 + 6 + 4 = 18 keys in 12 slots
            assertEquals(new QueueStats(12, 12, 12, 4), fourth.queue());
            assertEquals(18 % 12, training.contrast().queue().pointer());
            assertEquals(3.0, fourth.queue().keysPerVideo(), 1e-12);
            assertEquals(4, training.globalStep());
            assertEquals(4, training.optimizer().steps());
            assertThrows(IllegalArgumentException.class, () -> training.run(
                    manager.zeros(batchShape(2)), manager.zeros(batchShape(3))));
        }
    }

    @Test
    void onlyTheQueryEncoderLearnsAndTheKeyEncoderFollowsByMomentum() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingStep training = tinyStep(manager, 12, 1);
            MomentumContrast moco = training.contrast();
            PairList<String, Parameter> query = moco.queryEncoder().getParameters();
            PairList<String, Parameter> key = moco.keyEncoder().getParameters();
            for (int i = 0; i < query.size(); i++) {
                assertEquals(0f, TestArrays.maxAbsDiff(query.valueAt(i).getArray(), key.valueAt(i).getArray()),
                        "the key encoder starts as a copy: " + query.keyAt(i));
                assertFalse(key.valueAt(i).getArray().hasGradient(), "key encoder is not trainable");
            }
            assertEquals(moco.trainableParameters().size(),
                    query.values().stream().filter(p -> p.getArray().hasGradient()).count());
            runStep(training, manager, 0);
            runStep(training, manager, 1);
            float queryMoved = 0;
            float keyMoved = 0;
            NDArray before = query.get("01backbone_01block1_01conv_weight").getArray();
            NDArray keyNow = key.get("01backbone_01block1_01conv_weight").getArray();
            // After two steps with m = 0.99 the key weights lag: they moved about 1% as far as the query's.
            try (NDManager fresh = manager.newSubManager()) {
                TrainingStep initial = tinyStep(fresh, 12, 1);
                NDArray start = initial.contrast().queryEncoder().getParameters()
                        .get("01backbone_01block1_01conv_weight").getArray();
                queryMoved = TestArrays.maxAbsDiff(start, before);
                keyMoved = TestArrays.maxAbsDiff(start, keyNow);
            }
            assertTrue(queryMoved > 0 && keyMoved > 0 && keyMoved < 0.05f * queryMoved,
                    "query moved " + queryMoved + ", key moved " + keyMoved);
        }
    }

    @Test
    void aSnapshotRestoredIntoAFreshStepContinuesBitIdentically() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingStep original = tinyStep(manager, 12, 1);
            for (int step = 0; step < 3; step++) {
                runStep(original, manager, step);
            }
            byte[] bytes = original.snapshot().toBytes();
            TrainerState state = TrainerState.fromBytes(bytes.clone());
            assertEquals(3, state.globalStep());
            assertEquals("tiny3d", state.backbone());

            TrainingStep restored = tinyStep(manager, 12, 999); // another seed: everything must come from the state
            restored.restore(state);
            assertEquals(3, restored.globalStep());
            assertArrayEquals(bytes, restored.snapshot().toBytes(), "restore is exact");

            for (int step = 3; step < 6; step++) {
                StepResult a = runStep(original, manager, step);
                StepResult b = runStep(restored, manager, step);
                assertEquals(a, b, "step " + step);
            }
            assertArrayEquals(original.snapshot().toBytes(), restored.snapshot().toBytes(),
                    "parameters, BN statistics, Adam moments and queue are bit-identical after continuing");
        }
    }

    @Test
    void damagedOrMismatchedStatesAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingStep training = tinyStep(manager, 12, 1);
            runStep(training, manager, 0);
            byte[] bytes = training.snapshot().toBytes().clone();
            bytes[bytes.length / 2] ^= 1;
            IllegalArgumentException corrupt = assertThrows(IllegalArgumentException.class,
                    () -> TrainerState.fromBytes(bytes));
            assertTrue(corrupt.getMessage().contains("checksum"), corrupt.getMessage());
            assertThrows(IllegalArgumentException.class, () -> TrainerState.fromBytes(new byte[3]));

            TrainerState good = training.snapshot();
            TrainingStep otherQueue = tinyStep(manager, 16, 1);
            IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                    () -> otherQueue.restore(good));
            assertTrue(mismatch.getMessage().contains("queue of 12"), mismatch.getMessage());
        }
    }

    @Test
    void stepsDoNotAccumulateNativeArrays() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingStep training = tinyStep(manager, 12, 1);
            runStep(training, manager, 0);
            int arrays = manager.getManagedArrays().size();
            for (int step = 1; step < 5; step++) {
                runStep(training, manager, step);
            }
            training.snapshot();
            assertEquals(arrays, manager.getManagedArrays().size());
        }
    }
}
