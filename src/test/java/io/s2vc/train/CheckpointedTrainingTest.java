package io.s2vc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.s2vc.config.Config;
import io.s2vc.util.Folders;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint policy and resume of a training run, without Flink: the tiny trainer (batches of 4, a checkpoint
 * every 3 steps) on a store in a local folder.
 */
class CheckpointedTrainingTest {
    @TempDir
    Path dir;

    static TrainingSettings settings(String... more) {
        return TrainingSettings.from(Config.load("cpu-tiny",
                Stream.concat(TinyTraining.overrides().stream(), Stream.of(more)).toList()), "unused");
    }

    static CheckpointedTraining.Builder training(ModelCheckpointStore store, Recorder recorder, TrainingSettings settings) {
        return CheckpointedTraining.builder().setSettings(settings).setStore(store).setNewRunId("run-a")
                .optListener(recorder);
    }

    static void add(CheckpointedTraining training, List<TrainingPair> pairs) throws IOException {
        for (TrainingPair pair : pairs) {
            training.add(pair);
        }
    }

    @Test
    void checkpointsTheFloorEveryNStepsOnRequestAndAtTheEnd() throws Exception {
        FolderStore store = new FolderStore(dir.resolve("store"));
        Recorder recorder = new Recorder();
        List<TrainingPair> pairs = TinyTraining.pairs(26, 9); // 6 batches of 4, then a ragged one of 2
        try (NDManager manager = NDManager.newBaseManager()) {
            CheckpointedTraining training = training(store, recorder, settings("train.checkpoint_retain=2")).build(manager);
            assertEquals("run-a", training.runId(), "an empty store: a new run");
            add(training, pairs.subList(0, 13)); // steps 1-3, a pair buffered
            store.requestCheckpoint();
            add(training, pairs.subList(13, 26)); // steps 4-6, 2 pairs buffered
            assertEquals(List.of(0L, 3L, 4L, 6L), recorder.checkpointSteps());
            training.finish();
        }
        assertFalse(store.takeRequest(), "the request was taken");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), recorder.steps.stream().map(StepResult::step).toList());
        assertEquals(List.of(0L, 3L, 4L, 6L, 7L), recorder.checkpointSteps(),
                "the random-init floor, every 3 steps, the request after step 4, the end");
        assertEquals(List.of(0L, 12L, 16L, 24L, 26L),
                recorder.checkpoints.stream().map(c -> c.manifest().pairsSeen()).toList());
        assertNull(recorder.checkpoints.get(0).manifest().loss(), "no step, no loss");
        assertNull(recorder.checkpoints.get(0).parentUri());
        for (int i = 1; i < recorder.checkpoints.size(); i++) {
            PublishedCheckpoint checkpoint = recorder.checkpoints.get(i);
            assertEquals(recorder.checkpoints.get(i - 1).uri().toString(), checkpoint.parentUri());
            assertEquals(recorder.steps.get((int) checkpoint.step() - 1).loss(), checkpoint.manifest().loss(), 0,
                    "the loss of the checkpoint's own step");
            assertEquals("run-a", checkpoint.runId());
        }
        PublishedCheckpoint last = recorder.checkpoints.get(4);
        assertEquals(store.root.resolve("run-a").resolve("step-0000000007").toUri(), last.uri());
        assertEquals(PairsDigest.of(pairs.stream().map(TrainingPair::clipId).toList()), last.pairsDigest());
        assertEquals(List.of(6L, 7L), store.run("run-a").steps(), "the newest 2 are kept");
        CheckpointManifest onDisk = ModelCheckpoint.verify(Path.of(last.uri()));
        assertEquals(last.manifest().modelSha256(), onDisk.modelSha256());
        assertEquals(7, onDisk.step());
    }

    @Test
    void theStepThatSpendsTheBudgetIsCheckpointedAtOnce() throws Exception {
        FolderStore store = new FolderStore(dir.resolve("store"));
        Recorder recorder = new Recorder();
        try (NDManager manager = NDManager.newBaseManager()) {
            CheckpointedTraining training = training(store, recorder, settings("train.max_steps=2")).build(manager);
            add(training, TinyTraining.pairs(8, 9));
            assertEquals(List.of(0L, 2L), recorder.checkpointSteps(), "written with the step, before any later pair");
            add(training, TinyTraining.pairs(14, 9).subList(8, 14));
            training.finish();
            assertEquals(List.of(0L, 2L), recorder.checkpointSteps(), "nothing trained beyond the budget");
            assertEquals(6, training.trainer().pairsBeyondBudget());
            assertEquals(8, recorder.checkpoints.get(1).manifest().pairsSeen());
        }
    }

    /** A snapshot holds the run and its last checkpoint besides the trainer: the restored training goes on identically. */
    @Test
    void aSnapshotRestoresTheRunAndContinuesIdentically() throws Exception {
        List<TrainingPair> pairs = TinyTraining.pairs(22, 7);
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        try (NDManager manager = NDManager.newBaseManager()) {
            CheckpointedTraining straight = training(new FolderStore(dir.resolve("a")), first, settings()).build(manager);
            add(straight, pairs.subList(0, 10)); // the floor, steps 1-2, 2 pairs buffered
            byte[] snapshot = straight.snapshot();

            // The format Flink savepoints of the operator hold: magic, run, last checkpoint, loss, trainer.
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
                assertEquals("S2VC-TRAIN-OPERATOR/1", in.readUTF());
                assertEquals("run-a", in.readUTF());
                assertEquals(first.checkpoints.get(0).uri().toString(), in.readUTF());
                assertEquals(0, in.readLong());
                assertEquals(first.steps.get(1).loss(), in.readDouble(), 0);
                byte[] trainer = new byte[in.readInt()];
                in.readFully(trainer);
                assertArrayEquals(straight.trainer().snapshot(), trainer);
                assertEquals(-1, in.read(), "nothing after the trainer");
            }

            CheckpointedTraining restored = CheckpointedTraining.builder().setSettings(settings())
                    .setStore(new FolderStore(dir.resolve("b"))).setNewRunId("run-b").optState(snapshot)
                    .optListener(second).build(manager);
            assertEquals("run-a", restored.runId());
            assertEquals(2, restored.trainer().globalStep());
            assertEquals(2, restored.trainer().pendingPairs());
            assertEquals(10, restored.trainer().pairsSeen());
            assertArrayEquals(snapshot, restored.snapshot());

            for (CheckpointedTraining training : List.of(straight, restored)) {
                add(training, pairs.subList(10, pairs.size()));
                training.finish();
            }
            assertArrayEquals(straight.trainer().snapshot(), restored.trainer().snapshot(),
                    "encoders, Adam, queue, step and pairs alike");
        }
        List<PublishedCheckpoint> expected = first.checkpoints.subList(1, first.checkpoints.size());
        assertEquals(List.of(3L, 6L), expected.stream().map(PublishedCheckpoint::step).toList());
        assertEquals(List.of(3L, 6L), second.checkpointSteps(), "no second floor");
        assertEquals(first.checkpoints.get(0).uri().toString(), second.checkpoints.get(0).parentUri(),
                "chained to the checkpoint before the snapshot");
        for (int i = 0; i < expected.size(); i++) {
            CheckpointManifest e = expected.get(i).manifest();
            CheckpointManifest a = second.checkpoints.get(i).manifest();
            assertEquals(e.modelSha256(), a.modelSha256());
            assertEquals(e.loss(), a.loss());
            assertEquals(e.pairsSeen(), a.pairsSeen());
            assertEquals("run-a", a.runId());
            assertEquals(expected.get(i).pairsDigest(), second.checkpoints.get(i).pairsDigest());
        }
    }

    @Test
    void aNewTrainingResumesTheNewestCheckpointOfTheStore() throws Exception {
        FolderStore store = new FolderStore(dir.resolve("store"));
        List<TrainingPair> pairs = TinyTraining.pairs(24, 9);
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        try (NDManager manager = NDManager.newBaseManager()) {
            CheckpointedTraining straight = training(store, first, settings()).build(manager);
            add(straight, pairs.subList(0, 12)); // the floor, steps 1-3 and the checkpoint of step 3

            CheckpointedTraining resumed = CheckpointedTraining.builder().setSettings(settings()).setStore(store)
                    .setNewRunId("run-b").optListener(second).build(manager);
            assertEquals("run-a", resumed.runId(), "the newest run goes on under its id");
            assertEquals(3, resumed.trainer().globalStep());
            assertEquals(12, resumed.trainer().pairsSeen());
            assertEquals(0, resumed.trainer().pendingPairs());

            for (CheckpointedTraining training : List.of(straight, resumed)) {
                add(training, pairs.subList(12, 24));
                training.finish();
            }
            assertArrayEquals(straight.trainer().snapshot(), resumed.trainer().snapshot());

            CheckpointedTraining fresh = CheckpointedTraining.builder().setSettings(settings("train.resume=false"))
                    .setStore(store).setNewRunId("run-c").build(manager);
            assertEquals("run-c", fresh.runId());
            assertEquals(0, fresh.trainer().globalStep());
            CheckpointedTraining otherModel = CheckpointedTraining.builder()
                    .setSettings(settings("moco.embedding_size=32")).setStore(store).setNewRunId("run-d").build(manager);
            assertEquals("run-d", otherModel.runId(), "a checkpoint of another model is not resumed");
            assertEquals(0, otherModel.trainer().globalStep());
        }
        assertEquals(List.of(0L, 3L, 6L), first.checkpointSteps());
        assertEquals(List.of(6L), second.checkpointSteps(), "no second floor");
        PublishedCheckpoint sixth = second.checkpoints.get(0);
        assertEquals(first.checkpoints.get(1).uri().toString(), sixth.parentUri());
        assertEquals(first.checkpoints.get(2).manifest().modelSha256(), sixth.manifest().modelSha256());
        assertEquals(24, sixth.manifest().pairsSeen());
        assertEquals(first.checkpoints.get(2).pairsDigest(), sixth.pairsDigest());
    }

    @Test
    void aDamagedNewestCheckpointIsNotResumedOverAnOlderOne() throws Exception {
        FolderStore store = new FolderStore(dir.resolve("store"));
        try (NDManager manager = NDManager.newBaseManager()) {
            add(training(store, new Recorder(), settings()).build(manager), TinyTraining.pairs(12, 9));
            Files.write(store.root.resolve("run-a").resolve("step-0000000003").resolve(ModelCheckpoint.TRAINER_STATE_FILE),
                    new byte[] {1, 2, 3});
            var e = assertThrows(IOException.class, () -> CheckpointedTraining.builder().setSettings(settings())
                    .setStore(store).setNewRunId("run-b").build(manager));
            assertTrue(e.getMessage().startsWith("cannot resume run run-a at step 3: "), e.getMessage());
            assertTrue(e.getMessage().contains("SHA-256 of " + ModelCheckpoint.TRAINER_STATE_FILE), e.getMessage());
        }
    }

    /** Every step and checkpoint a training reports. */
    static final class Recorder implements CheckpointedTraining.Listener {
        final List<StepResult> steps = new ArrayList<>();
        final List<PublishedCheckpoint> checkpoints = new ArrayList<>();

        @Override
        public void stepped(StepResult result, long nanos) {
            steps.add(result);
        }

        @Override
        public void checkpointed(PublishedCheckpoint checkpoint) {
            checkpoints.add(checkpoint);
        }

        List<Long> checkpointSteps() {
            return checkpoints.stream().map(PublishedCheckpoint::step).toList();
        }
    }

    /**
     * A checkpoint store in a local folder, as plain as a test can have it (the product's is on Flink's file
     * systems): runs are sub-folders, publishing copies the folder, the newest checkpoint is the one written last.
     */
    static final class FolderStore implements ModelCheckpointStore {
        final Path root;

        FolderStore(Path root) {
            this.root = root;
        }

        @Override
        public FolderStore run(String runId) {
            return new FolderStore(root.resolve(runId));
        }

        @Override
        public Optional<Resumable> resumable(String runId) throws IOException {
            List<Path> runs = runId.isBlank() ? folders(root) : List.of(root.resolve(runId));
            List<Resumable> candidates = new ArrayList<>();
            for (Path run : runs) {
                for (Path checkpoint : folders(run)) {
                    Path manifest = checkpoint.resolve(ModelCheckpoint.MANIFEST);
                    if (Files.exists(manifest)) {
                        CheckpointManifest m = CheckpointManifest.fromJson(Files.readAllBytes(manifest));
                        if (m.hasTrainerState()) {
                            candidates.add(new Resumable(run.getFileName().toString(), m.step(), checkpoint.toUri(), m));
                        }
                    }
                }
            }
            return candidates.stream().max(Comparator.comparingLong((Resumable r) -> r.manifest().timeMs())
                    .thenComparingLong(Resumable::step));
        }

        @Override
        public Path localFolder(URI uri, Path scratch) throws CorruptCheckpointException {
            Path folder = Path.of(uri);
            ModelCheckpoint.verify(folder);
            return folder;
        }

        @Override
        public URI publish(Path localCheckpoint, CheckpointManifest manifest) throws IOException {
            Path target = root.resolve(ModelCheckpoint.folderName(manifest.step()));
            Folders.deleteRecursively(target);
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(localCheckpoint)) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
            return target.toUri();
        }

        @Override
        public int retain(int keep, long upTo) throws IOException {
            List<Long> steps = steps().stream().filter(step -> step <= upTo).toList();
            int deleted = 0;
            for (int i = 0; keep > 0 && i < steps.size() - keep; i++) {
                Folders.deleteRecursively(root.resolve(ModelCheckpoint.folderName(steps.get(i))));
                deleted++;
            }
            return deleted;
        }

        @Override
        public boolean takeRequest() throws IOException {
            return Files.deleteIfExists(root.resolve("checkpoint.request"));
        }

        void requestCheckpoint() throws IOException {
            Files.createDirectories(root);
            Files.createFile(root.resolve("checkpoint.request"));
        }

        List<Long> steps() throws IOException {
            return folders(root).stream().map(f -> f.getFileName().toString()).filter(n -> n.matches("step-\\d+"))
                    .map(n -> Long.parseLong(n.substring("step-".length()))).sorted().toList();
        }

        private static List<Path> folders(Path parent) throws IOException {
            if (!Files.isDirectory(parent)) {
                return List.of();
            }
            try (Stream<Path> listing = Files.list(parent)) {
                return listing.filter(Files::isDirectory).sorted().toList();
            }
        }
    }
}
