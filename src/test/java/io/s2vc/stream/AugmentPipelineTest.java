package io.s2vc.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.config.Catalogue;
import io.s2vc.avro.ClipWindow;
import io.s2vc.avro.DeadLetter;
import io.s2vc.avro.PositivePair;
import ai.djl.ndarray.NDManager;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.FlowWeights;
import io.s2vc.config.Config;
import io.s2vc.transport.EmbeddedKafka;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.augment.AugmentJob;
import io.s2vc.transport.ingest.ClipIngest;
import io.s2vc.transport.ingest.IngestResult;
import io.s2vc.transport.ingest.IngestSource;
import io.s2vc.transport.ingest.SourceResolver;
import io.s2vc.stream.runtime.InputBound;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.stream.suppress.SuppressionSettings;
import io.s2vc.testing.TinyDataset;
import io.s2vc.testing.TopicReader;
import io.s2vc.video.Clip;
import io.s2vc.video.ClipWindower;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real video files through ingest → Kafka (embedded KRaft broker) → the augment job on a Flink
 * MiniCluster → the pairs topic, read back with a plain Kafka consumer.
 */
class AugmentPipelineTest {
    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, 16 << 20);
        data = TinyDataset.generate(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** The cpu-tiny profile on the shared broker, with topics of its own so tests stay independent. */
    static Config config(String name) {
        return Config.load("cpu-tiny", List.of(
                "kafka.bootstrap_servers=" + broker.bootstrapServers(),
                "kafka.topics.clips=" + name + ".clips", "kafka.topics.pairs=" + name + ".pairs",
                "kafka.topics.dead_letter=" + name + ".dead-letter", "kafka.group_id=" + name,
                "flink.web_ui_port=0", "flink.checkpoint_interval_ms=500", "flink.parallelism=2",
                "suppress.strategy=none"));
    }

    static IngestResult ingest(KafkaSettings kafka, Config config, List<IngestSource> sources) throws Exception {
        return ClipIngest.builder().setKafka(kafka)
                .setWindower(new ClipWindower(config.get(Catalogue.CLIP_FRAMES), config.get(Catalogue.CLIP_FRAME_STEP),
                        config.get(Catalogue.CLIP_STRIDE)))
                .setFrameSize(config.get(Catalogue.INGEST_HEIGHT), config.get(Catalogue.INGEST_WIDTH))
                .build().run(sources);
    }

    static void augment(Platform platform, Config config, long records) throws Exception {
        augment(platform, config, records, SuppressionSettings.from(config, ""));
    }

    static void augment(Platform platform, Config config, long records, SuppressionSettings suppression)
            throws Exception {
        KafkaSettings kafka = platform.kafka();
        platform.jobRunner().run(AugmentJob.NAME, kafka.topics().clips(), AugmentJob.groupId(config),
                new InputBound(records, 60), (env, stopping) -> AugmentJob.build(env, config, kafka, stopping, suppression));
    }

    @Test
    void keyViewsBecomeMotionPreservedInMicroBatches() throws Exception {
        Path weights = dir.resolve("flow/flow.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel flow = FlowModel.create(FlowSpec.cpuNarrow32(), FlowInit.randomEverywhere(3, 0.03f), manager);
            java.nio.file.Files.createDirectories(weights.getParent());
            FlowWeights.save(flow, weights);
        }
        Config plain = config("motion");
        Config suppressed = plain.with(Map.of("suppress.strategy", "zero", "suppress.batch_size", "3",
                "suppress.max_wait_ms", "100", "kafka.group_id", "motion-zero", "kafka.topics.pairs", "motion.pairs-zero"));
        try (Platform platform = new Platform(plain, dir.resolve("work-motion"))) {
            KafkaSettings kafka = platform.kafka();
            ingest(kafka, plain, new SourceResolver(1, "train").resolve(List.of(data.toString())));
            augment(platform, plain, 8);
            try (Platform second = new Platform(suppressed, dir.resolve("work-motion-zero"))) {
                augment(second, suppressed, 8, SuppressionSettings.from(suppressed, weights.toString()));
            }
            Map<String, PositivePair> before = pairsByClip(kafka, kafka.topics().pairs(), 8);
            List<String> deadLetters = TopicReader.read(kafka, kafka.topics().deadLetter(), 0, Duration.ofSeconds(2))
                    .stream().map(r -> Codecs.deadLetter().decode(r.value()).getReason()).toList();
            assertEquals(List.of(), deadLetters);
            Map<String, PositivePair> after = pairsByClip(kafka, "motion.pairs-zero", 8);
            assertEquals(before.keySet(), after.keySet());
            for (String id : before.keySet()) {
                PositivePair p = before.get(id);
                PositivePair s = after.get(id);
                assertNull(p.getKeyView().getStrategy());
                assertEquals("zero", s.getKeyView().getStrategy());
                assertEquals(0.5f, s.getKeyView().getAlpha());
                assertEquals("threshold", s.getKeyView().getMode());
                float fraction = s.getKeyView().getSuppressedFraction();
                assertTrue(fraction > 0 && fraction <= 1, "suppressed fraction " + fraction);
                // The query view is untouched; the key view is the plain one, motion-preserved.
                assertArrayEquals(bytes(p.getQuery().getData()), bytes(s.getQuery().getData()));
                Clip plainKey = ClipRecords.fromClipData(p.getKey());
                Clip motionKey = ClipRecords.fromClipData(s.getKey());
                assertEquals(List.of(plainKey.frames(), plainKey.height(), plainKey.width()),
                        List.of(motionKey.frames(), motionKey.height(), motionKey.width()));
                assertTrue(!plainKey.equals(motionKey), "suppression must change the key view of " + id);
            }
        }
    }

    @Test
    void videosBecomeDeterministicPositivePairs() throws Exception {
        Config config = config("pipeline");
        List<IngestSource> sources = new SourceResolver(1, "train").resolve(List.of(data.toString()));
        assertEquals(4, sources.size());
        try (Platform platform = new Platform(config, dir.resolve("work-pipeline"))) {
            KafkaSettings kafka = platform.kafka();
            IngestResult ingested = ingest(kafka, config, sources);
            // 24 frames, T = 8 at frame step 2 (span 15), stride 8: windows start at frames 0 and 8.
            assertEquals(8, ingested.windows());
            assertEquals(0, ingested.failedVideos());

            List<ConsumerRecord<byte[], byte[]>> clips = TopicReader.read(kafka, kafka.topics().clips(), 8, Duration.ofSeconds(30));
            assertEquals(8, clips.size());
            ClipWindow first = Codecs.clipWindow().decode(clips.get(0).value());
            assertEquals(8, first.getFrameCount());
            assertEquals(72, first.getHeight());
            assertEquals(96, first.getWidth());
            assertNotNull(first.getLabel());
            assertEquals("train", first.getSplit());

            augment(platform, config, 8);
            Map<String, PositivePair> pairs = pairsByClip(kafka, kafka.topics().pairs(), 8);
            assertEquals(8, pairs.size());
            Map<String, Integer> labels = sources.stream()
                    .collect(Collectors.toMap(IngestSource::videoId, IngestSource::label));
            for (PositivePair pair : pairs.values()) {
                Clip query = ClipRecords.fromClipData(pair.getQuery());
                Clip key = ClipRecords.fromClipData(pair.getKey());
                assertEquals(List.of(8, 48, 48), List.of(query.frames(), query.height(), query.width()));
                assertEquals(List.of(8, 48, 48), List.of(key.frames(), key.height(), key.width()));
                assertEquals(labels.get(pair.getVideoId()), pair.getLabel());
                assertTrue(!query.equals(key), "query and key views must differ");
            }

            readableFromPython(kafka, kafka.topics().pairs(), 8);

            // The same clips augmented again, by a second job, give byte-identical views.
            Config again = config.with(Map.of("kafka.group_id", "pipeline-again", "kafka.topics.pairs", "pipeline.pairs-again"));
            try (Platform second = new Platform(again, dir.resolve("work-pipeline-again"))) {
                augment(second, again, 8);
                Map<String, PositivePair> repeat = pairsByClip(second.kafka(), "pipeline.pairs-again", 8);
                assertEquals(pairs.keySet(), repeat.keySet());
                for (String id : pairs.keySet()) {
                    assertArrayEquals(bytes(pairs.get(id).getQuery().getData()), bytes(repeat.get(id).getQuery().getData()));
                    assertArrayEquals(bytes(pairs.get(id).getKey().getData()), bytes(repeat.get(id).getKey().getData()));
                }
            }
        }
    }

    @Test
    void badRecordsAndFilesAreDeadLetteredAndTheJobGoesOn() throws Exception {
        Config config = config("bad");
        try (Platform platform = new Platform(config, dir.resolve("work-bad"))) {
            KafkaSettings kafka = platform.kafka();
            Path corrupt = dir.resolve("corrupt.avi");
            byte[] junk = new byte[4096];
            new Random(3).nextBytes(junk);
            Files.write(corrupt, junk);
            Path empty = Files.createFile(dir.resolve("empty.mp4"));
            IngestResult ingested = ingest(kafka, config, List.of(IngestSource.file(corrupt.toString(), "corrupt.avi"),
                    IngestSource.file(empty.toString(), "empty.mp4"),
                    new SourceResolver(1, "test").resolve(List.of(data.toString())).get(0)));
            assertEquals(2, ingested.failedVideos());
            assertEquals(2, ingested.windows());

            Map<String, byte[]> corpus = badRecords();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer())) {
                for (byte[] value : corpus.values()) {
                    producer.send(new ProducerRecord<>(kafka.topics().clips(), value));
                }
            }
            augment(platform, config, 2 + corpus.size());

            assertEquals(2, TopicReader.read(kafka, kafka.topics().pairs(), 2, Duration.ofSeconds(30)).size());
            List<DeadLetter> letters = new ArrayList<>();
            for (var r : TopicReader.read(kafka, kafka.topics().deadLetter(), 2 + corpus.size(), Duration.ofSeconds(30))) {
                letters.add(Codecs.deadLetter().decode(r.value()));
            }
            assertEquals(2 + corpus.size(), letters.size());
            List<String> ingestReasons = letters.stream().filter(l -> l.getStage().equals("ingest"))
                    .map(DeadLetter::getSourceUri).sorted().toList();
            assertEquals(List.of(corrupt.toString(), empty.toString()), ingestReasons);
            String reasons = letters.stream().filter(l -> l.getStage().equals("decode"))
                    .map(l -> l.getReason() + " @" + l.getSourceTopic() + ":" + l.getOffset())
                    .collect(Collectors.joining("\n"));
            for (String expected : List.of("not an Avro single-object message", "empty message", "unknown writer schema",
                    "corrupt ClipWindow", "frame count 1 < 2", "!= T*H*W*3", "absurd frame size", "unsupported pixel format")) {
                assertTrue(reasons.contains(expected), "missing '" + expected + "' in:\n" + reasons);
            }
            assertTrue(reasons.contains("@bad.clips:"), reasons);
        }
    }

    /**
     * A client in another language decodes the pairs with only the files in schemas/ (runs where
     * Debian's python3-avro, python3-kafka and python3-lz4 are installed, as .ci/run does).
     */
    static void readableFromPython(KafkaSettings kafka, String topic, int count) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import avro, kafka, lz4").start();
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor() == 0, "python3-avro/kafka/lz4 not installed");
        Process reader = new ProcessBuilder(python.toString(), "src/test/python/read_pairs.py",
                "--bootstrap", kafka.bootstrapServers(), "--topic", topic, "--count", String.valueOf(count),
                "--schemas", "schemas").redirectErrorStream(true).start();
        String output = new String(reader.getInputStream().readAllBytes());
        assertTrue(reader.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "python reader timed out");
        assertEquals(0, reader.exitValue(), output);
        assertTrue(output.contains("decoded " + count + " records"), output);
        assertTrue(output.contains("query 8x48x48 key 8x48x48"), output);
    }

    /** One malformed message of each kind. */
    static Map<String, byte[]> badRecords() {
        Map<String, byte[]> corpus = new HashMap<>();
        corpus.put("garbage", "hello, not avro".getBytes());
        corpus.put("empty", new byte[0]);
        corpus.put("wrong type", Codecs.deadLetter().encode(io.s2vc.transport.avro.DeadLetters.fromSource("x", "y", "z", new byte[1], 1)));
        byte[] good = Codecs.clipWindow().encode(window(2, 4, 4, 2 * 4 * 4 * 3, "rgb24"));
        corpus.put("truncated", java.util.Arrays.copyOf(good, 20));
        corpus.put("one frame", Codecs.clipWindow().encode(window(1, 4, 4, 4 * 4 * 3, "rgb24")));
        corpus.put("short bytes", Codecs.clipWindow().encode(window(2, 4, 4, 10, "rgb24")));
        corpus.put("absurd", Codecs.clipWindow().encode(window(2, 100000, 4, 3, "rgb24")));
        corpus.put("gray", Codecs.clipWindow().encode(window(2, 4, 4, 2 * 4 * 4 * 3, "gray8")));
        return corpus;
    }

    static ClipWindow window(int t, int h, int w, int bytes, String format) {
        return ClipWindow.newBuilder().setVideoId("bad").setClipIndex(0).setStartTimeMs(0).setFrameCount(t)
                .setHeight(h).setWidth(w).setPixelFormat(format).setFrames(ByteBuffer.wrap(new byte[bytes]))
                .setSourceUri("test").setEventTimeMs(0L).build();
    }

    static Map<String, PositivePair> pairsByClip(KafkaSettings kafka, String topic, int expected) {
        Map<String, PositivePair> out = new HashMap<>();
        for (var r : TopicReader.read(kafka, topic, expected, Duration.ofSeconds(60))) {
            PositivePair pair = Codecs.positivePair().decode(r.value());
            assertEquals(pair.getVideoId(), new String(r.key()));
            out.put(pair.getVideoId() + "#" + pair.getClipIndex(), pair);
        }
        return out;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
