package io.s2vc.model;

import io.s2vc.testing.TestArrays;
import io.s2vc.nd.Autograd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation checkpoints in DJL's format: identical embeddings after a round trip; damaged files refused. */
class EncoderCheckpointTest {
    private static final Shape CLIPS = new Shape(3, 3, 4, 16, 16);

    @TempDir
    Path dir;

    /** A tiny3d encoder whose BN running statistics have moved away from their initial values. */
    private static Encoder trainedLooking(NDManager manager) {
        Encoder encoder = Encoder.builder().setBackbone(BackboneType.TINY3D).optSeed(11).build();
        encoder.initialize(manager);
        try (Autograd.Scope ignored = Autograd.pause(); NDManager step = manager.newSubManager()) {
            NDArray x = TestArrays.uniform(step, 2, CLIPS);
            encoder.forward(new ParameterStore(step, false), new NDList(x), true);
        }
        return encoder;
    }

    private Path saved(NDManager manager) throws Exception {
        Path file = EncoderCheckpoint.save(trainedLooking(manager), dir, "tiny");
        assertTrue(Files.isRegularFile(file), file.toString());
        return file;
    }

    @Test
    void saveThenLoadGivesIdenticalEmbeddings() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder original = trainedLooking(manager);
            Path file = EncoderCheckpoint.save(original, dir, "tiny");
            assertEquals(dir.resolve("tiny-0000.params"), file);
            NDArray x = TestArrays.uniform(manager, 3, CLIPS);
            NDArray expected = original.embed(x);
            try (Model model = EncoderCheckpoint.load(dir, "tiny", BackboneType.TINY3D, 128)) {
                Encoder loaded = (Encoder) model.getBlock();
                assertEquals(0f, TestArrays.maxAbsDiff(expected, loaded.embed(x)));
                assertEquals(0f, TestArrays.maxAbsDiff(original.features(x), loaded.features(x)));
            }
            EncoderCheckpoint.save(original, dir, "tiny"); // a second save replaces the file
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count());
            }
        }
    }

    @Test
    void aFlippedByteIsRefused() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path file = saved(manager);
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 100] ^= 0x10; // inside the last parameter's values
            Files.write(file, bytes);
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> EncoderCheckpoint.load(dir, "tiny", BackboneType.TINY3D, 128));
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        }
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path file = saved(manager);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> EncoderCheckpoint.load(dir, "tiny", BackboneType.TINY3D, 128));
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotACheckpointIsRefused() throws Exception {
        Files.writeString(dir.resolve("tiny-0000.params"), "not a model at all");
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> EncoderCheckpoint.load(dir, "tiny", BackboneType.TINY3D, 128));
        assertTrue(e.getMessage().contains("not an S2VC encoder checkpoint"), e.getMessage());
    }

    @Test
    void anotherBackboneOrAMissingFileIsRefused() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            saved(manager);
            assertThrows(MalformedModelException.class,
                    () -> EncoderCheckpoint.load(dir, "tiny", BackboneType.TINY3D, 64));
            assertThrows(FileNotFoundException.class,
                    () -> EncoderCheckpoint.load(dir, "other", BackboneType.TINY3D, 128));
            assertThrows(FileNotFoundException.class,
                    () -> EncoderCheckpoint.load(dir.resolve("absent"), "tiny", BackboneType.TINY3D, 128));
        }
    }
}
