package io.s2vc.train;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@link CheckpointedTraining} needs of the place its model checkpoints go: a folder of runs, each
 * run a folder of checkpoints {@code step-NNNNNNNNNN} ({@link ModelCheckpoint}). Here as an interface so that
 * training knows no file system API: the product's store ({@code CheckpointStore} of {@code stream.train})
 * reaches any Flink file system.
 */
public interface ModelCheckpointStore {

    /** A checkpoint a trainer can continue from: its run, its step, where it is, and its manifest. */
    record Resumable(String runId, long step, URI uri, CheckpointManifest manifest) {
    }

    /** The store of one training run: the sub-folder named by its id (letters, digits, '.', '_', '-'). */
    ModelCheckpointStore run(String runId);

    /**
     * The run a starting trainer continues: {@code runId}'s run when one is configured, else the newest run; in
     * it, the newest complete checkpoint that carries the trainer state. Empty when there is none.
     */
    Optional<Resumable> resumable(String runId) throws IOException;

    /**
     * A verified local folder of the checkpoint at {@code uri}: the folder itself when it is local, else a copy
     * made in {@code scratch}.
     *
     * @throws CorruptCheckpointException when it is missing, incomplete or fails its SHA-256
     */
    Path localFolder(URI uri, Path scratch) throws IOException, CorruptCheckpointException;

    /**
     * Publishes a complete local checkpoint folder as {@code step-NNNNNNNNNN} of this run; one of the same step
     * and model that is there already is kept.
     *
     * @return the URI of the published checkpoint
     */
    URI publish(Path localCheckpoint, CheckpointManifest manifest) throws IOException;

    /**
     * Keeps the newest {@code keep} checkpoints up to step {@code upTo} (the one just published) and deletes
     * older ones (0 = keep all). Returns how many were deleted.
     */
    int retain(int keep, long upTo) throws IOException;

    /** True (once) when a checkpoint was requested of the trainer writing to this store: the request is removed. */
    boolean takeRequest() throws IOException;
}
