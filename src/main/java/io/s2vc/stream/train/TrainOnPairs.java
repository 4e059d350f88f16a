package io.s2vc.stream.train;

import ai.djl.ndarray.NDManager;
import io.s2vc.avro.CheckpointEvent;
import io.s2vc.avro.DeadLetter;
import io.s2vc.avro.PositivePair;
import io.s2vc.config.Catalogue;
import io.s2vc.stream.serde.AvroTypes;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.transport.avro.DeadLetters;
import io.s2vc.transport.avro.RecordDecodeException;
import io.s2vc.train.CheckpointManifest;
import io.s2vc.train.CheckpointedTraining;
import io.s2vc.train.OnlineTrainer;
import io.s2vc.train.PublishedCheckpoint;
import io.s2vc.train.StepResult;
import io.s2vc.train.TrainingPair;
import io.s2vc.train.TrainingSettings;
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

/**
 * The online MoCo trainer as a Flink operator (parallelism 1): a thin adapter around {@link CheckpointedTraining},
 * which trains, decides when to write a model checkpoint and resumes a run. The operator decodes the pairs,
 * keeps the training in operator state, emits a {@link CheckpointEvent} for every model checkpoint published to
 * the {@link CheckpointStore} ({@code train.checkpoint_dir}) and reports the training's metrics.
 *
 * <p>All training state is Flink operator state ({@code online-trainer}, one byte array), snapshotted with every
 * Flink checkpoint: {@link CheckpointedTraining#snapshot()}, the run's id and last model checkpoint and the
 * trainer's state (encoders, BN statistics, Adam moments, queue, step, buffered pairs, pairs and videos seen).
 * After a failure, Flink restores it and replays the input from the checkpointed offsets, so no pair is trained
 * on twice or lost. Pairs that cannot be trained on (undecodable, wrong shape) become dead letters.
 *
 * <p>A new job (no Flink state to restore: a rerun after Ctrl-C) continues, with {@code train.resume}, from the
 * newest model checkpoint that carries the trainer state (see {@link CheckpointStore#resumable}). Its input
 * resumes from the consumer group's committed offsets, which were committed with the last Flink checkpoint, not
 * with that model checkpoint: the pairs in between are lost or trained twice.
 *
 * <p>Pairs after a spent training budget ({@code train.max_steps}) are counted in the metric
 * {@code pairsBeyondBudget} and dropped.
 */
public final class TrainOnPairs extends AbstractStreamOperator<CheckpointEvent>
        implements OneInputStreamOperator<PositivePair, CheckpointEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = AvroTypes.deadLetterTag();
    public static final String STAGE = "train";

    private final TrainingSettings settings;
    private final int maxPayloadBytes;
    private transient ListState<byte[]> state;
    private transient byte[] restored;
    private transient NDManager manager;
    private transient CheckpointedTraining training;
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
        manager = NDManager.newBaseManager(settings.device().resolve());
        // A blank run id becomes the Flink job's id: it is the same after a failover, even one before the first
        // completed Flink checkpoint, so a restarted job keeps writing to its own folder.
        training = CheckpointedTraining.builder().setSettings(settings)
                .setStore(new CheckpointStore(settings.checkpointDir()))
                .setNewRunId("job-" + getRuntimeContext().getJobInfo().getJobId())
                .optState(restored).optListener(new EventsAndMetrics()).build(manager);
        restored = null;
        metrics = new TrainingMetrics(getMetricGroup(), training.trainer());
    }

    @Override
    public void processElement(StreamRecord<PositivePair> element) throws Exception {
        PositivePair record = element.getValue();
        TrainingPair pair;
        try {
            pair = new TrainingPair(record.getVideoId() + "#" + record.getClipIndex(), record.getVideoId(),
                    ClipRecords.fromClipData(record.getQuery()), ClipRecords.fromClipData(record.getKey()));
            training.check(pair);
        } catch (RecordDecodeException | IllegalArgumentException e) {
            metrics.deadLetters.inc();
            output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetters.fromSource(STAGE, e.getMessage(), null,
                    Codecs.positivePair().encode(record), maxPayloadBytes)));
            return;
        }
        metrics.pairs.inc();
        training.add(pair);
    }

    /** End of input (bounded run or a draining stop): the ragged last batch is trained and checkpointed. */
    @Override
    public void finish() throws Exception {
        training.finish();
        super.finish();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        state.update(List.of(training.snapshot()));
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

    /** The announcement of a published model checkpoint on {@code s2vc.checkpoints}. */
    static CheckpointEvent event(PublishedCheckpoint checkpoint) {
        CheckpointManifest manifest = checkpoint.manifest();
        return CheckpointEvent.newBuilder()
                .setRunId(checkpoint.runId()).setStep(checkpoint.step()).setUri(checkpoint.uri().toString())
                .setSha256(manifest.modelSha256()).setProfile(manifest.profile()).setLoss(manifest.loss())
                .setPairsSeen(manifest.pairsSeen()).setParentUri(checkpoint.parentUri()).setTimeMs(manifest.timeMs())
                .setPairsDigest(checkpoint.pairsDigest()).build();
    }

    /** What the training did, as events downstream and as metrics. */
    private final class EventsAndMetrics implements CheckpointedTraining.Listener {
        @Override
        public void stepped(StepResult result, long nanos) {
            metrics.step(result, nanos);
        }

        @Override
        public void checkpointed(PublishedCheckpoint checkpoint) {
            output.collect(new StreamRecord<>(event(checkpoint)));
            metrics.checkpoints.inc();
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
