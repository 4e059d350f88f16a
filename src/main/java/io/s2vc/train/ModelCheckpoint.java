package io.s2vc.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.s2vc.model.BackboneType;
import io.s2vc.model.Encoder;
import io.s2vc.model.EncoderCheckpoint;
import io.s2vc.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model checkpoint, in a folder: the query encoder (backbone + head, BN statistics) in DJL's format as
 * {@value #ENCODER_FILE} (what evaluation loads), the complete trainer state as {@value #TRAINER_STATE_FILE}
 * ({@link OnlineTrainer#snapshot()}: what a rerun continues from), {@value #SUMS} (verifiable with
 * {@code sha256sum -c}), and {@value #MANIFEST} ({@link CheckpointManifest}), written last.
 * {@link #verify} recomputes every SHA-256 and refuses a folder that does not match, with the reason.
 * Checkpoints written before the trainer state was added still verify and load; they cannot be resumed.
 */
public final class ModelCheckpoint {
    public static final String MANIFEST = "manifest.json";
    public static final String SUMS = "SHA256SUMS";
    static final String ENCODER_NAME = "encoder";
    public static final String ENCODER_FILE = ENCODER_NAME + "-0000.params";
    public static final String TRAINER_STATE_FILE = "trainer-state.bin";

    private ModelCheckpoint() {
    }

    /** The folder name of a run's checkpoint at {@code step}: {@code step-NNNNNNNNNN}, sorting by step. */
    public static String folderName(long step) {
        return String.format(java.util.Locale.ROOT, "step-%010d", step);
    }

    /** What a checkpoint says of its run, besides the model. */
    public record Provenance(String runId, String profile, Double loss, long pairsSeen, String parent, long timeMs) {
    }

    /**
     * Writes the query encoder and the state of {@code trainer} into the empty or absent folder {@code dir}.
     *
     * @return the manifest written
     */
    public static CheckpointManifest write(OnlineTrainer trainer, Path dir, Provenance provenance) throws IOException {
        Files.createDirectories(dir);
        Encoder encoder = trainer.step().contrast().queryEncoder();
        Path params = EncoderCheckpoint.save(encoder, dir, ENCODER_NAME);
        Path state = dir.resolve(TRAINER_STATE_FILE);
        byte[] snapshot = trainer.snapshot();
        AtomicFiles.write(state, out -> out.write(snapshot));
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put(params.getFileName().toString(), sha256(params));
        sums.put(TRAINER_STATE_FILE, sha256(state));
        StringBuilder text = new StringBuilder();
        sums.forEach((file, sum) -> text.append(sum).append("  ").append(file).append('\n'));
        AtomicFiles.writeString(dir.resolve(SUMS), text.toString());
        TrainingSettings s = trainer.settings();
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT, provenance.runId(),
                trainer.globalStep(), provenance.timeMs(), provenance.profile(), encoder.backboneType().id(),
                encoder.embeddingSize(), s.clipFrames(), s.viewSize(), provenance.loss(), provenance.pairsSeen(),
                provenance.parent(), sums);
        AtomicFiles.write(dir.resolve(MANIFEST), out -> out.write(manifest.toJson()));
        return manifest;
    }

    /**
     * Reads the manifest of {@code dir} and checks the SHA-256 of every file it lists.
     *
     * @throws CorruptCheckpointException naming the folder and what is wrong
     */
    public static CheckpointManifest verify(Path dir) throws CorruptCheckpointException {
        CheckpointManifest manifest;
        try {
            manifest = CheckpointManifest.fromJson(Files.readAllBytes(dir.resolve(MANIFEST)));
        } catch (NoSuchFileException e) {
            throw new CorruptCheckpointException(dir, "no " + MANIFEST + " (not a checkpoint, or not completely written)");
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptCheckpointException(dir, e.getMessage());
        }
        if (manifest.modelSha256() == null) {
            throw new CorruptCheckpointException(dir, MANIFEST + " lists no " + ENCODER_FILE);
        }
        for (Map.Entry<String, String> file : manifest.sha256().entrySet()) {
            String actual;
            try {
                actual = sha256(dir.resolve(file.getKey()));
            } catch (NoSuchFileException e) {
                throw new CorruptCheckpointException(dir, file.getKey() + " is missing");
            } catch (IOException e) {
                throw new CorruptCheckpointException(dir, "cannot read " + file.getKey() + ": " + e.getMessage());
            }
            if (!actual.equals(file.getValue())) {
                throw new CorruptCheckpointException(dir, "SHA-256 of " + file.getKey() + " is " + actual
                        + ", the manifest says " + file.getValue());
            }
        }
        return manifest;
    }

    /** The verified checkpoint's encoder, as the block of a DJL model (close it when done). */
    public static Model load(Path dir) throws CorruptCheckpointException, IOException {
        return load(dir, verify(dir));
    }

    /** The encoder of a checkpoint whose files {@link #verify} has just checked (their SHA-256 is not recomputed). */
    public static Model load(Path dir, CheckpointManifest verified) throws CorruptCheckpointException, IOException {
        CheckpointManifest manifest = verified;
        try {
            return EncoderCheckpoint.load(dir, ENCODER_NAME, BackboneType.fromName(manifest.backbone()),
                    manifest.embeddingSize());
        } catch (MalformedModelException | IllegalArgumentException e) {
            throw new CorruptCheckpointException(dir, e.getMessage());
        }
    }

    /**
     * The trainer state ({@link OnlineTrainer#snapshot()}) of a checkpoint whose files {@link #verify} has just
     * checked, or empty for a checkpoint written before checkpoints carried it.
     */
    public static Optional<byte[]> trainerState(Path dir, CheckpointManifest verified) throws IOException {
        return verified.hasTrainerState() ? Optional.of(Files.readAllBytes(dir.resolve(TRAINER_STATE_FILE)))
                : Optional.empty();
    }

    /** Hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
