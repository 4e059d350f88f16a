package io.s2vc.train;

import ai.djl.ndarray.NDManager;
import io.s2vc.util.Folders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the {@link OnlineTrainer} with its model checkpoints: when to write one, where, and how a run
 * goes on after a stop.
 *
 * <p>Checkpoint policy. A model checkpoint ({@link ModelCheckpoint}: the encoder and the whole trainer state)
 * is published to the run's folder of the {@link ModelCheckpointStore}
 * <ul>
 *   <li>of the random-init encoder (step 0), before the first pair is trained on: every evaluation curve
 *       starts at its floor;
 *   <li>every {@code train.checkpoint_every} steps;
 *   <li>after the next step when one was requested ({@link ModelCheckpointStore#takeRequest}, {@code s2vc
 *       checkpoint-now});
 *   <li>as soon as the step that spends the training budget ({@code train.max_steps}) is taken: later pairs
 *       are dropped (see {@link OnlineTrainer#pairsBeyondBudget()});
 *   <li>at the end of the input ({@link #finish}), after the ragged last batch, when steps were taken since
 *       the last one.
 * </ul>
 * Each is chained to the run's previous one (its parent), the store keeps the newest {@code
 * train.checkpoint_retain}, and the {@link Listener} is told ({@link PublishedCheckpoint}).
 *
 * <p>Run and resume. A run is named by {@code train.run_id}, else by the id given for a new run. A training
 * built from a {@link #snapshot()} continues it exactly: the run, its last checkpoint and loss, and the
 * trainer's state with its buffered pairs. Without a snapshot and with {@code train.resume}, it continues the
 * newest run of the store (or the configured one) from its newest checkpoint that carries the trainer state,
 * under that run's id, so that the run's checkpoints and evaluations line up. A checkpoint of another model
 * (backbone, embedding, view shape) is not resumed: a new run starts, with a warning. A damaged one stops the
 * training, with the reason.
 *
 * <p>Not thread-safe.
 */
public final class CheckpointedTraining {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointedTraining.class);
    /** Named after the Flink operator whose state this first was: its savepoints still restore. */
    private static final String STATE_MAGIC = "S2VC-TRAIN-OPERATOR/1";

    private final TrainingSettings settings;
    private final ModelCheckpointStore store;
    private final Listener listener;
    private final OnlineTrainer trainer;
    private String runId;
    private ModelCheckpointStore runStore;
    private String lastCheckpointUri;
    private long lastCheckpointStep;
    private double lastLoss = Double.NaN;

    /** What a training did, for metrics and announcements. Every method defaults to nothing. */
    public interface Listener {

        /** A step was taken (a skipped one is not reported) in {@code nanos}, its checkpoint not included. */
        default void stepped(StepResult result, long nanos) {
        }

        /** A model checkpoint was published. */
        default void checkpointed(PublishedCheckpoint checkpoint) {
        }
    }

    private CheckpointedTraining(Builder builder, NDManager manager) throws IOException {
        settings = builder.settings;
        store = builder.store;
        listener = builder.listener;
        trainer = new OnlineTrainer(settings, manager);
        try {
            useRun(settings.runId().isBlank() ? builder.newRunId : settings.runId());
            if (builder.state != null) {
                restore(builder.state);
            } else if (settings.resume()) {
                resumeFromModelCheckpoint();
            }
        } catch (IOException | RuntimeException e) {
            trainer.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private void useRun(String id) {
        runId = id;
        runStore = store.run(id);
    }

    /** Continues the newest run of the store from its newest checkpoint with trainer state, if there is one. */
    private void resumeFromModelCheckpoint() throws IOException {
        Optional<ModelCheckpointStore.Resumable> resumable = store.resumable(settings.runId());
        if (resumable.isEmpty()) {
            return;
        }
        ModelCheckpointStore.Resumable from = resumable.get();
        var mismatch = from.manifest().modelMismatch(settings);
        if (mismatch.isPresent()) {
            LOG.warn("starting a new run instead of resuming run {}: {}", from.runId(), mismatch.get());
            return;
        }
        Path scratch = Files.createTempDirectory("s2vc-resume-");
        try {
            Path local = store.localFolder(from.uri(), scratch);
            trainer.restore(ModelCheckpoint.trainerState(local, from.manifest()).orElseThrow());
        } catch (CorruptCheckpointException e) {
            // Starting over is safer than guessing: the newest state is unusable, and an older one would
            // silently rewrite steps already published.
            throw new IOException("cannot resume run " + from.runId() + " at step " + from.step() + ": " + e.getMessage()
                    + " (set train.resume=false to start a new run)", e);
        } finally {
            Folders.deleteRecursively(scratch);
        }
        useRun(from.runId());
        // Resuming the random-init floor (a failover before the first Flink checkpoint): publish it again, so
        // that its announcement, lost with the aborted output, is made after all (publishing is idempotent).
        lastCheckpointUri = from.step() == 0 ? null : from.uri().toString();
        lastCheckpointStep = from.step();
        lastLoss = from.manifest().loss() == null ? Double.NaN : from.manifest().loss();
        LOG.info("resuming run {} at step {} ({} pairs seen, {} buffered; from {})", runId, trainer.globalStep(),
                trainer.pairsSeen(), trainer.pendingPairs(), from.uri());
    }

    /**
     * Checks a pair against the views the trainer takes, without keeping it.
     *
     * @throws IllegalArgumentException with the reason, if the pair cannot be trained on
     */
    public void check(TrainingPair pair) {
        trainer.check(pair);
    }

    /**
     * Trains on a pair: it is buffered, and a step is taken when it completes a batch; checkpoints are written
     * as the policy says (see the class comment).
     */
    public void add(TrainingPair pair) throws IOException {
        if (trainer.globalStep() == 0 && lastCheckpointUri == null) {
            writeCheckpoint(); // the random-init encoder: every evaluation curve starts at its floor
        }
        long start = System.nanoTime();
        var result = trainer.add(pair);
        if (result.isPresent()) {
            afterStep(result.get(), System.nanoTime() - start);
        }
    }

    private void afterStep(StepResult result, long nanos) throws IOException {
        if (result.skipped()) {
            return; // the trainer's state is as before the step; GradientGuard logged it and counts it
        }
        lastLoss = result.loss();
        listener.stepped(result, nanos);
        boolean due = settings.checkpointEvery() > 0 && result.step() % settings.checkpointEvery() == 0;
        boolean budgetSpent = trainer.budgetSpent();
        if (store.takeRequest() || due || budgetSpent) {
            writeCheckpoint();
        }
        if (budgetSpent) {
            LOG.info("training budget of {} steps spent: later pairs are not trained on", settings.maxSteps());
        }
    }

    /** End of input (bounded run or a draining stop): the ragged last batch is trained and checkpointed. */
    public void finish() throws IOException {
        long start = System.nanoTime();
        var result = trainer.flush();
        if (result.isPresent()) {
            afterStep(result.get(), System.nanoTime() - start);
        }
        if (trainer.globalStep() > lastCheckpointStep) {
            writeCheckpoint();
        }
    }

    private void writeCheckpoint() throws IOException {
        long step = trainer.globalStep();
        Path local = Files.createTempDirectory("s2vc-checkpoint-");
        try {
            CheckpointManifest manifest = ModelCheckpoint.write(trainer, local, new ModelCheckpoint.Provenance(runId,
                    settings.profile(), Double.isNaN(lastLoss) ? null : lastLoss, trainer.pairsSeen(),
                    lastCheckpointUri, System.currentTimeMillis()));
            URI uri = runStore.publish(local, manifest);
            int deleted = runStore.retain(settings.checkpointRetain(), step);
            LOG.info("model checkpoint of step {} at {} (loss {}, {} older deleted)", step, uri, manifest.loss(), deleted);
            listener.checkpointed(new PublishedCheckpoint(uri, manifest, trainer.pairsDigest()));
            lastCheckpointUri = uri.toString();
            lastCheckpointStep = step;
        } finally {
            Folders.deleteRecursively(local);
        }
    }

    /**
     * Everything needed to continue exactly, as bytes: {@value #STATE_MAGIC}, the run id, the last checkpoint's
     * URI ("" before the first) and step, the last loss, then the trainer's {@link OnlineTrainer#snapshot()}.
     */
    public byte[] snapshot() {
        OnlineTrainer.SnapshotParts trainerParts = trainer.snapshotParts();
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(head)) {
            out.writeUTF(STATE_MAGIC);
            out.writeUTF(runId);
            out.writeUTF(lastCheckpointUri == null ? "" : lastCheckpointUri);
            out.writeLong(lastCheckpointStep);
            out.writeDouble(lastLoss);
            out.writeInt(trainerParts.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the training", e);
        }
        // One array of the exact size, the trainer's state copied into it once (not through growing buffers).
        byte[] headBytes = head.toByteArray();
        byte[] snapshot = new byte[Math.addExact(headBytes.length, trainerParts.size())];
        System.arraycopy(headBytes, 0, snapshot, 0, headBytes.length);
        trainerParts.copyTo(snapshot, headBytes.length);
        return snapshot;
    }

    /** Continues from a {@link #snapshot()} of a training with the same model settings. */
    public void restore(byte[] snapshot) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (!STATE_MAGIC.equals(in.readUTF())) {
                throw new IllegalStateException("the training state is not of format " + STATE_MAGIC);
            }
            String id = in.readUTF();
            String uri = in.readUTF();
            long step = in.readLong();
            double loss = in.readDouble();
            byte[] trainerBytes = new byte[in.readInt()];
            in.readFully(trainerBytes);
            trainer.restore(trainerBytes);
            useRun(id);
            lastCheckpointUri = uri.isEmpty() ? null : uri;
            lastCheckpointStep = step;
            lastLoss = loss;
        }
        LOG.info("trainer restored at step {} ({} pairs seen, {} buffered)", trainer.globalStep(), trainer.pairsSeen(),
                trainer.pendingPairs());
    }

    /** The run's id: {@code train.run_id}, the new run's, or the one resumed or restored. */
    public String runId() {
        return runId;
    }

    /** The trainer, for what it reports (step, pairs, queue); train through this object, not on it. */
    public OnlineTrainer trainer() {
        return trainer;
    }

    /** Settings, a store and, without {@code train.run_id}, a new run's id are required. */
    public static final class Builder {
        private TrainingSettings settings;
        private ModelCheckpointStore store;
        private String newRunId;
        private byte[] state;
        private Listener listener = new Listener() { };

        private Builder() {
        }

        public Builder setSettings(TrainingSettings settings) {
            this.settings = settings;
            return this;
        }

        /** The store of all runs ({@code train.checkpoint_dir}): resumed from; the run's folder in it is written. */
        public Builder setStore(ModelCheckpointStore store) {
            this.store = store;
            return this;
        }

        /** The id of a new run when {@code train.run_id} is blank; a snapshot or a resume brings its own. */
        public Builder setNewRunId(String newRunId) {
            this.newRunId = newRunId;
            return this;
        }

        /** A {@link #snapshot()} to continue exactly (null: none); without one, {@code train.resume} decides. */
        public Builder optState(byte[] snapshot) {
            this.state = snapshot;
            return this;
        }

        public Builder optListener(Listener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * The training, restored or resumed as the class comment says; its model lives in a sub-manager of
         * {@code manager} (on its device).
         *
         * @throws IOException when the store cannot be read or its newest checkpoint is damaged
         */
        public CheckpointedTraining build(NDManager manager) throws IOException {
            if (settings == null || store == null) {
                throw new IllegalArgumentException("a training needs its settings and a checkpoint store");
            }
            if (settings.runId().isBlank() && (newRunId == null || newRunId.isBlank())) {
                throw new IllegalArgumentException("a training without train.run_id needs the id of a new run");
            }
            return new CheckpointedTraining(this, manager);
        }
    }
}
