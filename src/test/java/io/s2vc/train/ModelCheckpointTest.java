package io.s2vc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.model.Encoder;
import io.s2vc.testing.TestArrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model checkpoints for evaluation: a round trip gives identical embeddings; damage is refused with the reason. */
class ModelCheckpointTest {
    @TempDir
    Path dir;

    private static OnlineTrainer trainedTwoSteps(NDManager manager) {
        OnlineTrainer trainer = new OnlineTrainer(TinyTraining.settings("unused"), manager);
        TinyTraining.pairs(8, 8).forEach(trainer::add);
        assertEquals(2, trainer.globalStep());
        return trainer;
    }

    private static ModelCheckpoint.Provenance provenance(String parent) {
        return new ModelCheckpoint.Provenance("run-1", "cpu-tiny", 4.5, 8, parent, 1_700_000_000_000L);
    }

    @Test
    void writeThenLoadGivesIdenticalEmbeddings() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = trainedTwoSteps(manager);
            Path checkpoint = dir.resolve("step-2");
            CheckpointManifest written = ModelCheckpoint.write(trainer, checkpoint, provenance(null));
            try (var files = Files.list(checkpoint)) {
                assertEquals(java.util.Set.of(ModelCheckpoint.ENCODER_FILE, ModelCheckpoint.TRAINER_STATE_FILE,
                        ModelCheckpoint.SUMS, ModelCheckpoint.MANIFEST),
                        files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
            }
            assertEquals(written.modelSha256() + "  " + ModelCheckpoint.ENCODER_FILE + "\n"
                    + written.sha256().get(ModelCheckpoint.TRAINER_STATE_FILE) + "  " + ModelCheckpoint.TRAINER_STATE_FILE
                    + "\n", Files.readString(checkpoint.resolve(ModelCheckpoint.SUMS)));

            CheckpointManifest read = ModelCheckpoint.verify(checkpoint);
            assertEquals(written, read);
            assertEquals(2, read.step());
            assertEquals("tiny3d", read.backbone());
            assertEquals(8, read.pairsSeen());
            assertNull(read.parent());
            assertEquals(64, read.modelSha256().length());

            Encoder original = trainer.step().contrast().queryEncoder();
            NDArray clips = TestArrays.uniform(manager, 5, new Shape(2, 3, TinyTraining.FRAMES, TinyTraining.SIZE,
                    TinyTraining.SIZE));
            try (Model model = ModelCheckpoint.load(checkpoint)) {
                Encoder loaded = (Encoder) model.getBlock();
                assertEquals(0f, TestArrays.maxAbsDiff(original.embed(clips), loaded.embed(clips)));
            }
        }
    }

    @Test
    void aCorruptOrIncompleteCheckpointIsRefusedWithTheReason() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = trainedTwoSteps(manager);
            Path checkpoint = dir.resolve("step-2");
            ModelCheckpoint.write(trainer, checkpoint, provenance("file:///store/step-1"));
            Path params = checkpoint.resolve(ModelCheckpoint.ENCODER_FILE);
            byte[] bytes = Files.readAllBytes(params);
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(params, bytes);
            var flipped = assertThrows(CorruptCheckpointException.class, () -> ModelCheckpoint.load(checkpoint));
            assertTrue(flipped.getMessage().contains("SHA-256 of " + ModelCheckpoint.ENCODER_FILE + " is "),
                    flipped.getMessage());

            Files.write(params, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            assertThrows(CorruptCheckpointException.class, () -> ModelCheckpoint.verify(checkpoint));

            Files.delete(params);
            var missing = assertThrows(CorruptCheckpointException.class, () -> ModelCheckpoint.verify(checkpoint));
            assertTrue(missing.getMessage().endsWith(ModelCheckpoint.ENCODER_FILE + " is missing"), missing.getMessage());

            Files.delete(checkpoint.resolve(ModelCheckpoint.MANIFEST));
            var unfinished = assertThrows(CorruptCheckpointException.class, () -> ModelCheckpoint.verify(checkpoint));
            assertTrue(unfinished.getMessage().contains("no manifest.json"), unfinished.getMessage());

            Files.writeString(checkpoint.resolve(ModelCheckpoint.MANIFEST), "{\"format\": \"something-else\"}");
            var foreign = assertThrows(CorruptCheckpointException.class, () -> ModelCheckpoint.verify(checkpoint));
            assertTrue(foreign.getMessage().contains("format something-else"), foreign.getMessage());
        }
    }

    /** The trainer state in a checkpoint continues exactly where the trainer was, buffered pairs included. */
    @Test
    void theTrainerStateRoundTripsAndContinuesExactly() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = trainedTwoSteps(manager);
            TinyTraining.pairs(11, 8).subList(8, 11).forEach(trainer::add); // 3 pairs buffered
            Path checkpoint = dir.resolve("step-2");
            CheckpointManifest written = ModelCheckpoint.write(trainer, checkpoint, provenance(null));
            assertTrue(written.hasTrainerState());
            byte[] state = ModelCheckpoint.trainerState(checkpoint, ModelCheckpoint.verify(checkpoint)).orElseThrow();

            OnlineTrainer resumed = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            resumed.restore(state);
            assertEquals(2, resumed.globalStep());
            assertEquals(3, resumed.pendingPairs());
            assertEquals(11, resumed.pairsSeen());
            TrainingPair next = TinyTraining.pair(11, 8);
            StepResult expected = trainer.add(next).orElseThrow();
            StepResult actual = resumed.add(next).orElseThrow();
            assertEquals(3, actual.step());
            assertEquals(expected.loss(), actual.loss());
            NDArray clips = TestArrays.uniform(manager, 5, new Shape(2, 3, TinyTraining.FRAMES, TinyTraining.SIZE,
                    TinyTraining.SIZE));
            assertEquals(0f, TestArrays.maxAbsDiff(trainer.step().contrast().queryEncoder().embed(clips),
                    resumed.step().contrast().queryEncoder().embed(clips)));
        }
    }

    /** A damaged trainer state is caught by the sums; a checkpoint from before the state existed still loads. */
    @Test
    void aDamagedStateIsRefusedAndACheckpointWithoutStateStillLoads() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = trainedTwoSteps(manager);
            Path checkpoint = dir.resolve("step-2");
            CheckpointManifest written = ModelCheckpoint.write(trainer, checkpoint, provenance(null));
            Path state = checkpoint.resolve(ModelCheckpoint.TRAINER_STATE_FILE);
            byte[] bytes = Files.readAllBytes(state);
            bytes[bytes.length - 1] ^= 0x01;
            Files.write(state, bytes);
            var damaged = assertThrows(CorruptCheckpointException.class, () -> ModelCheckpoint.verify(checkpoint));
            assertTrue(damaged.getMessage().contains("SHA-256 of " + ModelCheckpoint.TRAINER_STATE_FILE), damaged.getMessage());

            // The layout of a checkpoint before the trainer state: no state file, the manifest lists the encoder only.
            Files.delete(state);
            CheckpointManifest old = new CheckpointManifest(written.format(), written.runId(), written.step(),
                    written.timeMs(), written.profile(), written.backbone(), written.embeddingSize(), written.clipFrames(),
                    written.viewSize(), written.loss(), written.pairsSeen(), written.parent(),
                    java.util.Map.of(ModelCheckpoint.ENCODER_FILE, written.modelSha256()));
            Files.write(checkpoint.resolve(ModelCheckpoint.MANIFEST), old.toJson());
            CheckpointManifest verified = ModelCheckpoint.verify(checkpoint);
            assertFalse(verified.hasTrainerState());
            assertTrue(ModelCheckpoint.trainerState(checkpoint, verified).isEmpty());
            try (Model model = ModelCheckpoint.load(checkpoint, verified)) {
                assertEquals("tiny3d", verified.backbone());
                assertTrue(model.getBlock() instanceof Encoder);
            }
        }
    }

    @Test
    void aTrainerOfAnotherModelIsToldWhyItCannotContinue() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            CheckpointManifest written = ModelCheckpoint.write(trainedTwoSteps(manager), dir.resolve("step-2"),
                    provenance(null));
            assertTrue(written.modelMismatch(TinyTraining.settings("unused")).isEmpty());
            TrainingSettings wider = TrainingSettings.from(io.s2vc.config.Config.load("cpu-tiny",
                    java.util.stream.Stream.concat(TinyTraining.overrides().stream(), java.util.stream.Stream.of(
                            "moco.embedding_size=64")).toList()), "unused");
            assertEquals("the checkpoint holds tiny3d 128-d on 4x16x16 views, this trainer is tiny3d 64-d on 4x16x16 views",
                    written.modelMismatch(wider).orElseThrow());
        }
    }
}
