package io.s2vc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                assertEquals(java.util.Set.of(ModelCheckpoint.ENCODER_FILE, ModelCheckpoint.SUMS, ModelCheckpoint.MANIFEST),
                        files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
            }
            assertEquals(written.modelSha256() + "  " + ModelCheckpoint.ENCODER_FILE + "\n",
                    Files.readString(checkpoint.resolve(ModelCheckpoint.SUMS)));

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
}
