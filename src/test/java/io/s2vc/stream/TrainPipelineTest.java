package io.s2vc.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.s2vc.avro.CheckpointEvent;
import io.s2vc.avro.KeyViewInfo;
import io.s2vc.avro.PositivePair;
import io.s2vc.config.Config;
import io.s2vc.transport.EmbeddedKafka;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.runtime.InputBound;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.stream.serde.AvroTypes;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.stream.train.CheckpointStore;
import io.s2vc.stream.train.TrainJob;
import io.s2vc.testing.TopicReader;
import io.s2vc.train.CheckpointManifest;
import io.s2vc.train.ModelCheckpoint;
import io.s2vc.train.TinyTraining;
import io.s2vc.train.TrainingPair;
import io.s2vc.train.TrainingSettings;
import io.s2vc.video.Clip;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online trainer as a Flink job on pairs from a real (embedded KRaft) broker: model checkpoints
 * and their events, dead letters, retention, and exactly-once recovery from an injected failure.
 */
class TrainPipelineTest {
    @TempDir
    static Path dir;
    static EmbeddedKafka broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, 16 << 20);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** The tiny trainer on the shared broker, one partition and parallelism 1 (a replayable order). */
    static Config config(String name, String... more) {
        List<String> overrides = new ArrayList<>(TinyTraining.overrides());
        overrides.addAll(List.of("kafka.bootstrap_servers=" + broker.bootstrapServers(),
                "kafka.topics.pairs=" + name + ".pairs", "kafka.topics.checkpoints=" + name + ".checkpoints",
                "kafka.topics.dead_letter=" + name + ".dead-letter", "kafka.group_id=" + name,
                "kafka.partitions=1", "flink.parallelism=1", "flink.web_ui_port=0", "flink.checkpoint_interval_ms=200"));
        overrides.addAll(List.of(more));
        return Config.load("cpu-tiny", overrides);
    }

    static PositivePair record(TrainingPair pair, int clipIndex) {
        return PositivePair.newBuilder().setVideoId(pair.videoId()).setClipIndex(clipIndex)
                .setQuery(ClipRecords.toClipData(pair.query())).setKey(ClipRecords.toClipData(pair.key()))
                .setKeyView(KeyViewInfo.newBuilder().build()).setEventTimeMs(0).build();
    }

    static void produce(KafkaSettings kafka, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(kafka.topics().pairs(), value));
            }
        }
    }

    static List<byte[]> pairRecords(int count) {
        List<byte[]> values = new ArrayList<>();
        List<TrainingPair> pairs = TinyTraining.pairs(count, 9);
        for (int i = 0; i < pairs.size(); i++) {
            values.add(Codecs.positivePair().encode(record(pairs.get(i), i)));
        }
        return values;
    }

    static void train(Platform platform, TrainingSettings settings, long records) throws Exception {
        Config config = platform.config();
        KafkaSettings kafka = platform.kafka();
        platform.jobRunner().run(TrainJob.NAME, kafka.topics().pairs(), TrainJob.groupId(config),
                new InputBound(records, 60), (env, stopping) -> TrainJob.build(env, config, kafka, stopping, settings));
    }

    @Test
    void pairsFromKafkaTrainTheModelAndLeaveCheckpointsAndEvents() throws Exception {
        Config config = config("online", "train.checkpoint_retain=2");
        String store = dir.resolve("online-checkpoints").toString();
        TrainingSettings settings = TrainingSettings.from(config, store);
        try (Platform platform = new Platform(config, dir.resolve("work-online"))) {
            KafkaSettings kafka = platform.kafka();
            List<byte[]> values = pairRecords(26); // 6 batches of 4, then a ragged one of 2
            Clip wide = new Clip(TinyTraining.FRAMES, TinyTraining.SIZE, 2 * TinyTraining.SIZE,
                    new byte[TinyTraining.FRAMES * TinyTraining.SIZE * 2 * TinyTraining.SIZE * 3]);
            values.add(5, Codecs.positivePair().encode(record(new TrainingPair("wide", "wide", wide, wide), 99)));
            values.add(9, "not a pair".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            produce(kafka, values);
            train(platform, settings, values.size());

            List<CheckpointEvent> events = TopicReader.read(kafka, kafka.topics().checkpoints(), 4, Duration.ofSeconds(30))
                    .stream().map(r -> Codecs.checkpointEvent().decode(r.value())).toList();
            assertEquals(List.of(0L, 3L, 6L, 7L), events.stream().map(CheckpointEvent::getStep).toList(),
                    "the random-init floor, then every 3 steps and the end");
            assertEquals(0, events.get(0).getPairsSeen());
            assertNull(events.get(0).getLoss(), "no step before the random-init floor, so no loss");
            CheckpointEvent last = events.get(3);
            assertEquals(26, last.getPairsSeen());
            List<TrainingPair> good = TinyTraining.pairs(26, 9);
            List<String> trainedIds = new ArrayList<>();
            for (int i = 0; i < good.size(); i++) {
                trainedIds.add(good.get(i).videoId() + "#" + i); // as record(pair, i) numbers them
            }
            assertEquals(io.s2vc.train.PairsDigest.of(trainedIds), last.getPairsDigest(), "the 26 good pairs, once each");
            assertEquals("cpu-tiny", last.getProfile());
            assertEquals(events.get(2).getUri(), last.getParentUri());
            assertNull(events.get(0).getParentUri());
            assertTrue(events.stream().allMatch(e -> e.getRunId().equals(events.get(0).getRunId())));
            assertTrue(last.getLoss() != null && Double.isFinite(last.getLoss()));

            // Retention 2: the newest two are kept and verify; the event's SHA-256 is the manifest's.
            CheckpointStore checkpoints = new CheckpointStore(store).run(last.getRunId());
            assertEquals(List.of(6L, 7L), checkpoints.steps());
            CheckpointManifest manifest = ModelCheckpoint.verify(Path.of(URI.create(last.getUri())));
            assertEquals(last.getSha256(), manifest.modelSha256());
            assertEquals(7, manifest.step());
            assertEquals("tiny3d", manifest.backbone());

            List<String> reasons = TopicReader.read(kafka, kafka.topics().deadLetter(), 2, Duration.ofSeconds(30)).stream()
                    .map(r -> Codecs.deadLetter().decode(r.value()))
                    .map(d -> d.getStage() + ": " + d.getReason()).sorted().toList();
            assertEquals(2, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).startsWith("decode: "), reasons.toString());
            assertTrue(reasons.get(1).startsWith("train: pair wide#99 has 4x16x32 views"), reasons.toString());
        }
    }

    /**
     * Fails the job once, at the first pair after {@code after} pairs once a Flink checkpoint has
     * completed; remembers its count in Flink state so that the test can see where the restart resumed.
     */
    static final class FailOnce extends RichMapFunction<PositivePair, PositivePair>
            implements CheckpointedFunction, CheckpointListener {
        static final AtomicInteger FAILURES = new AtomicInteger();
        static final AtomicLong RESUMED_AT = new AtomicLong(-1);
        private final long after;
        private transient ListState<Long> countState;
        private transient long count;
        private transient boolean checkpointCompleted;

        FailOnce(long after) {
            this.after = after;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            countState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Types.LONG));
            if (context.isRestored()) {
                for (Long c : countState.get()) {
                    count = c;
                }
                RESUMED_AT.set(count);
            }
        }

        @Override
        public PositivePair map(PositivePair pair) throws Exception {
            // Slow enough for Flink checkpoints to complete in the middle of the input; slower still while none has
            // completed at the failure point (a loaded machine), since the mailbox runs them between records.
            Thread.sleep(count >= after && !checkpointCompleted ? 200 : 25);
            if (count >= after && checkpointCompleted && FAILURES.get() == 0) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure after " + count + " pairs");
            }
            count++;
            return pair;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            countState.update(List.of(count));
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }
    }

    @Test
    void aFailureInTheMiddleNeitherLosesNorRepeatsTraining() throws Exception {
        int pairs = 42; // 10 batches of 4 and a ragged one of 2
        Config plain = config("recovery", "train.checkpoint_every=4", "kafka.group_id=recovery-plain",
                "train.run_id=recovery");
        Config failing = plain.with("kafka.group_id", "recovery-failing");
        String plainStore = dir.resolve("recovery-plain").toString();
        String failingStore = dir.resolve("recovery-failing").toString();
        try (Platform platform = new Platform(plain, dir.resolve("work-recovery"))) {
            produce(platform.kafka(), pairRecords(pairs));
            train(platform, TrainingSettings.from(plain, plainStore), pairs);
        }
        try (Platform platform = new Platform(failing, dir.resolve("work-recovery-failing"))) {
            KafkaSettings kafka = platform.kafka();
            TrainingSettings settings = TrainingSettings.from(failing, failingStore);
            platform.jobRunner().run(TrainJob.NAME, kafka.topics().pairs(), TrainJob.groupId(failing),
                    new InputBound(pairs, 60), (env, stopping) -> TrainJob.train(
                            TrainJob.pairsFromKafka(env, failing, kafka, stopping)
                                    .map(new FailOnce(pairs / 2)).returns(AvroTypes.of(PositivePair.class)),
                            settings, failing, kafka));
        }
        assertEquals(1, FailOnce.FAILURES.get(), "the failure was injected once");
        long resumedAt = FailOnce.RESUMED_AT.get();
        assertTrue(resumedAt > 0 && resumedAt < pairs, "restarted from a checkpoint mid-stream, at pair " + resumedAt);

        CheckpointStore expectedStore = new CheckpointStore(plainStore).run("recovery");
        CheckpointStore actualStore = new CheckpointStore(failingStore).run("recovery");
        assertEquals(List.of(0L, 4L, 8L, 11L), expectedStore.steps());
        assertEquals(expectedStore.steps(), actualStore.steps());
        for (long step : expectedStore.steps()) {
            Path expected = Path.of(expectedStore.uri(step));
            Path actual = Path.of(actualStore.uri(step));
            CheckpointManifest e = ModelCheckpoint.verify(expected);
            CheckpointManifest a = ModelCheckpoint.verify(actual);
            assertEquals(e.pairsSeen(), a.pairsSeen(), "pairs consumed by step " + step);
            if (step == 0) {
                assertNull(e.loss(), "the random-init floor has no loss");
                assertNull(a.loss(), "the random-init floor has no loss");
            } else {
                assertEquals(e.loss(), a.loss(), 1e-5, "loss at step " + step);
            }
            try (Model m = ModelCheckpoint.load(expected); Model n = ModelCheckpoint.load(actual)) {
                assertParametersClose(m.getBlock().getParameters(), n.getBlock().getParameters(), 1e-5f);
            }
        }
        assertEquals(pairs, ModelCheckpoint.verify(Path.of(actualStore.uri(11))).pairsSeen());
    }

    static void assertParametersClose(PairList<String, Parameter> expected, PairList<String, Parameter> actual,
            float tolerance) {
        assertEquals(expected.keys(), actual.keys());
        for (int i = 0; i < expected.size(); i++) {
            float[] x = expected.valueAt(i).getArray().toFloatArray();
            float[] y = actual.valueAt(i).getArray().toFloatArray();
            float max = 0;
            for (int j = 0; j < x.length; j++) {
                max = Math.max(max, Math.abs(x[j] - y[j]));
            }
            assertTrue(max <= tolerance, expected.keyAt(i) + " differs by " + max);
        }
    }
}
