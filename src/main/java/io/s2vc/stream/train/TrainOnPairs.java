package io.s2vc.stream.train;

import ai.djl.ndarray.NDManager;
import io.s2vc.avro.CheckpointEvent;
import io.s2vc.avro.DeadLetter;
import io.s2vc.avro.PositivePair;
import io.s2vc.config.Devices;
import io.s2vc.stream.serde.AvroTypes;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.transport.avro.DeadLetters;
import io.s2vc.transport.avro.RecordDecodeException;
import io.s2vc.train.CheckpointManifest;
import io.s2vc.train.CorruptCheckpointException;
import io.s2vc.train.ModelCheckpoint;
import io.s2vc.train.OnlineTrainer;
import io.s2vc.train.StepResult;
import io.s2vc.train.TrainingPair;
import io.s2vc.train.TrainingSettings;
import io.s2vc.util.Folders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online MoCo trainer as a Flink operator (parallelism 1): a thin adapter around
 * {@link OnlineTrainer}. Pairs are trained in batches of {@code train.batch_size}; every
 * {@code train.checkpoint_every} steps, on request ({@link CheckpointStore#requestCheckpoint}) and at
 * the end of the input, a model checkpoint is published to the run's folder of the
 * {@link CheckpointStore} and a {@link CheckpointEvent} is emitted.
 *
 * <p>All training state is Flink operator state, snapshotted with every Flink checkpoint: the
 * trainer's {@link OnlineTrainer#snapshot()} (encoders, BN statistics, Adam moments, queue, step,
 * buffered pairs, pairs and videos seen) and the run's id and last model checkpoint. After a failure,
 * Flink restores it and replays the input from the checkpointed offsets, so no pair is trained on
 * twice or lost. Pairs that cannot be trained on (undecodable, wrong shape) become dead letters.
 *
 * <p>A new job (no Flink state to restore: a rerun after Ctrl-C) continues, with {@code train.resume}, from
 * the newest model checkpoint that carries the trainer state (see {@link CheckpointStore#resumable}), under
 * that run's id. Its input resumes from the consumer group's committed offsets, which were committed with
 * the last Flink checkpoint, not with that model checkpoint: the pairs in between are lost or trained twice.
 *
 * <p>With a training budget ({@code train.max_steps}) the checkpoint of the last step is written as soon
 * as it is taken, and later pairs are counted in the metric {@code pairsBeyondBudget} and dropped.
 */
public final class TrainOnPairs extends AbstractStreamOperator<CheckpointEvent>
        implements OneInputStreamOperator<PositivePair, CheckpointEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrainOnPairs.class);
    public static final OutputTag<DeadLetter> DEAD_LETTERS = AvroTypes.deadLetterTag();
    public static final String STAGE = "train";
    private static final String STATE_MAGIC = "S2VC-TRAIN-OPERATOR/1";

    private final TrainingSettings settings;
    private final int maxPayloadBytes;
    private transient ListState<byte[]> state;
    private transient byte[] restored;
    private transient NDManager manager;
    private transient OnlineTrainer trainer;
    private transient CheckpointStore requests;
    private transient CheckpointStore store;
    private transient String runId;
    private transient String lastCheckpointUri;
    private transient long lastCheckpointStep;
    private transient double lastLoss;
    private transient TrainingMetrics metrics;

    public TrainOnPairs(TrainingSettings settings, int maxPayloadBytes) {
        this.settings = settings;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("online-trainer", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        if (context.isRestored()) {
            Iterator<byte[]> it = state.get().iterator();
            restored = it.hasNext() ? it.next() : null;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        requests = new CheckpointStore(settings.checkpointDir());
        manager = NDManager.newBaseManager(Devices.resolve(settings.device()));
        trainer = new OnlineTrainer(settings, manager);
        // A blank run id becomes the Flink job's id: it is the same after a failover, even one before the first
        // completed Flink checkpoint, so a restarted job keeps writing to its own folder.
        runId = settings.runId().isBlank() ? "job-" + getRuntimeContext().getJobInfo().getJobId() : settings.runId();
        // Here, not in the field's declaration: deserialising the operator skips initialisers of transient fields,
        // and a loss of 0.0 would go into the random-init checkpoint, which has none.
        lastLoss = Double.NaN;
        if (restored != null) {
            restore(restored);
            restored = null;
            LOG.info("trainer restored at step {} ({} pairs seen, {} buffered)", trainer.globalStep(),
                    trainer.pairsSeen(), trainer.pendingPairs());
        } else if (settings.resume()) {
            resumeFromModelCheckpoint();
        }
        store = requests.run(runId);
        metrics = new TrainingMetrics(getMetricGroup(), trainer);
    }

    /** Continues the newest run of the store from its newest checkpoint with trainer state, if there is one. */
    private void resumeFromModelCheckpoint() throws IOException {
        var resumable = requests.resumable(settings.runId());
        if (resumable.isEmpty()) {
            return;
        }
        CheckpointStore.Resumable from = resumable.get();
        var mismatch = from.manifest().modelMismatch(settings);
        if (mismatch.isPresent()) {
            LOG.warn("starting a new run instead of resuming run {}: {}", from.runId(), mismatch.get());
            return;
        }
        Path scratch = Files.createTempDirectory("s2vc-resume-");
        try {
            Path local = CheckpointStore.fetch(from.uri(), scratch);
            trainer.restore(ModelCheckpoint.trainerState(local, from.manifest()).orElseThrow());
        } catch (CorruptCheckpointException e) {
            // Starting over is safer than guessing: the newest state is unusable, and an older one would
            // silently rewrite steps already published.
            throw new IOException("cannot resume run " + from.runId() + " at step " + from.step() + ": " + e.getMessage()
                    + " (set train.resume=false to start a new run)", e);
        } finally {
            Folders.deleteRecursively(scratch);
        }
        runId = from.runId();
        // Resuming the random-init floor (a failover before the first Flink checkpoint): publish it again, so
        // that its event, aborted with the lost transaction, is sent after all (publishing is idempotent).
        lastCheckpointUri = from.step() == 0 ? null : from.uri().toString();
        lastCheckpointStep = from.step();
        lastLoss = from.manifest().loss() == null ? Double.NaN : from.manifest().loss();
        LOG.info("resuming run {} at step {} ({} pairs seen, {} buffered; from {})", runId, trainer.globalStep(),
                trainer.pairsSeen(), trainer.pendingPairs(), from.uri());
    }

    @Override
    public void processElement(StreamRecord<PositivePair> element) throws Exception {
        PositivePair pair = element.getValue();
        TrainingPair training;
        try {
            training = new TrainingPair(pair.getVideoId() + "#" + pair.getClipIndex(), pair.getVideoId(),
                    ClipRecords.fromClipData(pair.getQuery()), ClipRecords.fromClipData(pair.getKey()));
            trainer.check(training);
        } catch (RecordDecodeException | IllegalArgumentException e) {
            metrics.deadLetters.inc();
            output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetters.fromSource(STAGE, e.getMessage(), null,
                    Codecs.positivePair().encode(pair), maxPayloadBytes)));
            return;
        }
        metrics.pairs.inc();
        if (trainer.globalStep() == 0 && lastCheckpointUri == null) {
            writeCheckpoint(); // the random-init encoder: every evaluation curve starts at its floor
        }
        long start = System.nanoTime();
        var result = trainer.add(training);
        if (result.isPresent()) {
            afterStep(result.get(), System.nanoTime() - start);
        }
    }

    private void afterStep(StepResult result, long nanos) throws IOException {
        if (result.skipped()) {
            return; // the trainer's state is as before the step; GradientGuard logged it, the metric counts it
        }
        lastLoss = result.loss();
        metrics.step(result, nanos);
        boolean due = settings.checkpointEvery() > 0 && result.step() % settings.checkpointEvery() == 0;
        boolean budgetSpent = trainer.budgetSpent();
        if (requests.takeRequest() || due || budgetSpent) {
            writeCheckpoint();
        }
        if (budgetSpent) {
            LOG.info("training budget of {} steps spent: later pairs are not trained on", settings.maxSteps());
        }
    }

    /** End of input (bounded run or a draining stop): the ragged last batch is trained and checkpointed. */
    @Override
    public void finish() throws Exception {
        long start = System.nanoTime();
        var result = trainer.flush();
        if (result.isPresent()) {
            afterStep(result.get(), System.nanoTime() - start);
        }
        if (trainer.globalStep() > lastCheckpointStep) {
            writeCheckpoint();
        }
        super.finish();
    }

    private void writeCheckpoint() throws IOException {
        long step = trainer.globalStep();
        Path local = Files.createTempDirectory("s2vc-checkpoint-");
        try {
            CheckpointManifest manifest = ModelCheckpoint.write(trainer, local, new ModelCheckpoint.Provenance(runId,
                    settings.profile(), Double.isNaN(lastLoss) ? null : lastLoss, trainer.pairsSeen(),
                    lastCheckpointUri, System.currentTimeMillis()));
            URI uri = store.publish(local, manifest);
            int deleted = store.retain(settings.checkpointRetain(), step);
            LOG.info("model checkpoint of step {} at {} (loss {}, {} older deleted)", step, uri, manifest.loss(), deleted);
            output.collect(new StreamRecord<>(CheckpointEvent.newBuilder()
                    .setRunId(runId).setStep(step).setUri(uri.toString()).setSha256(manifest.modelSha256())
                    .setProfile(manifest.profile()).setLoss(manifest.loss()).setPairsSeen(manifest.pairsSeen())
                    .setParentUri(lastCheckpointUri).setTimeMs(manifest.timeMs())
                    .setPairsDigest(trainer.pairsDigest()).build()));
            lastCheckpointUri = uri.toString();
            lastCheckpointStep = step;
            metrics.checkpoints.inc();
        } finally {
            Folders.deleteRecursively(local);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        state.update(List.of(snapshot()));
    }

    private byte[] snapshot() throws IOException {
        byte[] trainerBytes = trainer.snapshot();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(trainerBytes.length + 512);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeUTF(STATE_MAGIC);
            out.writeUTF(runId);
            out.writeUTF(lastCheckpointUri == null ? "" : lastCheckpointUri);
            out.writeLong(lastCheckpointStep);
            out.writeDouble(lastLoss);
            out.writeInt(trainerBytes.length);
            out.write(trainerBytes);
        }
        return buffer.toByteArray();
    }

    private void restore(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (!STATE_MAGIC.equals(in.readUTF())) {
                throw new IllegalStateException("the trainer's Flink state is not of format " + STATE_MAGIC);
            }
            runId = in.readUTF();
            String uri = in.readUTF();
            lastCheckpointUri = uri.isEmpty() ? null : uri;
            lastCheckpointStep = in.readLong();
            lastLoss = in.readDouble();
            byte[] trainerBytes = new byte[in.readInt()];
            in.readFully(trainerBytes);
            trainer.restore(trainerBytes);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (manager != null) {
                manager.close();
            }
        } finally {
            super.close();
        }
    }

    /** The trainer's Flink metrics. */
    private static final class TrainingMetrics {
        final Counter pairs;
        final Counter deadLetters;
        final Counter checkpoints;
        private volatile double loss = Double.NaN;
        private volatile double learningRate = Double.NaN;
        private volatile double accuracy = Double.NaN;
        private volatile long stepMillis;
        private volatile long sameVideoNegatives;
        private volatile double queueFill;

        TrainingMetrics(MetricGroup group, OnlineTrainer trainer) {
            pairs = group.counter("pairsTrained");
            deadLetters = group.counter("deadLetters");
            checkpoints = group.counter("modelCheckpoints");
            group.meter("pairsPerSecond", new MeterView(pairs));
            group.gauge("loss", () -> loss);
            group.gauge("learningRate", () -> learningRate);
            group.gauge("accuracy", () -> accuracy);
            group.gauge("stepMillis", () -> stepMillis);
            group.gauge("step", trainer::globalStep);
            group.gauge("modelVersion", trainer::globalStep);
            group.gauge("queueFill", () -> queueFill);
            group.gauge("distinctVideosSeen", trainer::distinctVideosSeen);
            group.gauge("queueExceedsVideos", () -> trainer.queueExceedsVideos() ? 1 : 0);
            group.gauge("sameVideoNegatives", () -> sameVideoNegatives);
            group.gauge("pairsBeyondBudget", trainer::pairsBeyondBudget);
            group.gauge("skippedSteps", () -> trainer.step().skippedSteps());
        }

        void step(StepResult result, long nanos) {
            loss = result.loss();
            learningRate = result.learningRate();
            accuracy = result.accuracy();
            stepMillis = nanos / 1_000_000;
            sameVideoNegatives = result.sameVideoNegatives();
            queueFill = (double) result.queue().realKeys() / result.queue().capacity();
        }
    }
}
