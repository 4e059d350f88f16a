package io.s2vc.bench;

import io.s2vc.config.Catalogue;
import io.s2vc.augment.ViewAugmenter;
import io.s2vc.avro.ClipWindow;
import io.s2vc.avro.KeyViewInfo;
import io.s2vc.avro.PositivePair;
import io.s2vc.config.Config;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.augment.AugmentJob;
import io.s2vc.stream.augment.AugmentSettings;
import io.s2vc.stream.suppress.SuppressionSettings;
import io.s2vc.transport.ingest.ClipIngest;
import io.s2vc.transport.ingest.IngestResult;
import io.s2vc.transport.ingest.IngestSource;
import io.s2vc.transport.ingest.SourceResolver;
import io.s2vc.stream.runtime.InputBound;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.transport.avro.AvroCodec;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.video.Clip;
import io.s2vc.video.ClipWindower;
import io.s2vc.video.SyntheticDataset;
import io.s2vc.video.VideoDecoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code s2vc bench ingest}: ingest + augment throughput for 16×112×112 clips (transported at
 * 128×171), end to end through Kafka and the Flink job, and the share of per-clip time spent in
 * decode, Avro, Kafka and augmentation (each stage timed alone on one thread).
 */
public final class IngestBenchmark {
    /** The paper's clip, transported at the usual UCF101 size. */
    public static final Map<String, String> PAPER_CLIP = Map.of(
            "clip.frames", "16", "clip.frame_step", "1", "clip.stride", "8",
            "ingest.height", "128", "ingest.width", "171",
            "augment.size", "112", "augment.intermediate_size", "224",
            "suppress.strategy", "none");

    private final Config config;
    private final Path work;
    private final int videos;
    private final int repeats;

    public IngestBenchmark(Config config, Path work, int videos, int repeats) {
        this.config = config.with(PAPER_CLIP);
        this.work = work;
        this.videos = videos;
        this.repeats = repeats;
    }

    public void run(Consumer<Measurement> out) throws Exception {
        Path data = work.resolve("bench-ingest-data");
        SyntheticDataset dataset = SyntheticDataset.builder().setSeed(7).optClasses(8)
                .optTrainVideosPerClass(Math.max(1, videos / 8)).optTestVideosPerClass(1)
                .optFrames(48).optFrameSize(172, 128).build();
        if (!dataset.isGenerated(data)) {
            dataset.generate(data);
        }
        List<IngestSource> sources = new SourceResolver(1, "train").resolve(List.of(data.toString()));
        ClipWindower windower = new ClipWindower(16, 1, 8);
        int threads = config.get(Catalogue.INGEST_THREADS);
        Map<String, Object> setup = Map.of("profile", "paper-clip-16x112x112", "batch", 1, "frames", 16,
                "size", 112, "device", "cpu", "threads", threads, "videos", sources.size());

        double[] ingestClips = new double[repeats];
        double[] ingestMb = new double[repeats];
        double[] augmentClips = new double[repeats];
        double[] pipelineClips = new double[repeats];
        double[][] shares = new double[4][repeats];
        for (int r = 0; r < repeats; r++) {
            Config run = config.with(Map.of(
                    "kafka.topics.clips", "bench.clips." + r, "kafka.topics.pairs", "bench.pairs." + r,
                    "kafka.topics.dead_letter", "bench.dead-letter." + r, "kafka.group_id", "bench-" + r + "-" + System.nanoTime(),
                    "flink.web_ui_port", "0"));
            try (Platform platform = new Platform(run, work.resolve("bench-ingest-" + r))) {
                KafkaSettings kafka = platform.kafka();
                IngestResult ingested = ClipIngest.builder().setKafka(kafka).setWindower(windower)
                        .setFrameSize(128, 171).optThreads(threads).build().run(sources);
                ingestClips[r] = ingested.windowsPerSecond();
                ingestMb[r] = ingested.megabytesPerSecond();
                long jobStart = System.nanoTime();
                var result = platform.jobRunner().run(AugmentJob.NAME, kafka.topics().clips(), AugmentJob.groupId(run),
                        new InputBound(ingested.windows(), 30),
                        (env, stopping) -> AugmentJob.build(env, run, kafka, stopping, SuppressionSettings.from(run, "")));
                double jobSeconds = result.map(x -> x.getNetRuntime() / 1000.0).orElse((System.nanoTime() - jobStart) / 1e9);
                augmentClips[r] = ingested.windows() / jobSeconds;
                pipelineClips[r] = ingested.windows() / (ingested.seconds() + jobSeconds);
                double[] stage = stageSeconds(kafka, sources.subList(0, Math.min(8, sources.size())), windower);
                double sum = stage[0] + stage[1] + stage[2] + stage[3];
                for (int s = 0; s < 4; s++) {
                    shares[s][r] = stage[s] / sum;
                }
            }
        }
        out.accept(new Measurement("ingest.clips_per_s", "clips/s", ingestClips).with(setup));
        out.accept(new Measurement("ingest.mb_per_s", "MB/s", ingestMb).with(setup));
        out.accept(new Measurement("augment_job.clips_per_s", "clips/s", augmentClips).with(setup)
                .with("note", "Flink job on the embedded MiniCluster, Kafka to Kafka, job start included"));
        out.accept(new Measurement("ingest_plus_augment.clips_per_s", "clips/s", pipelineClips).with(setup));
        String[] names = {"decode", "avro", "kafka", "augment"};
        for (int s = 0; s < 4; s++) {
            out.accept(new Measurement("share." + names[s], "fraction", shares[s]).with(setup)
                    .with("note", "share of single-thread per-clip time"));
        }
    }

    /** Seconds per clip of each stage alone: decode, Avro (both records, both ways), Kafka, augment. */
    private double[] stageSeconds(KafkaSettings kafka, List<IngestSource> sources, ClipWindower windower)
            throws Exception {
        List<Clip> clips = new ArrayList<>();
        long t0 = System.nanoTime();
        for (IngestSource source : sources) {
            try (VideoDecoder decoder = VideoDecoder.open(source.uri(), 128, 171)) {
                windower.cut(decoder, (i, ms, clip) -> clips.add(clip));
            }
        }
        double decode = (System.nanoTime() - t0) / 1e9 / clips.size();

        ViewAugmenter augmenter = AugmentSettings.augmenter(config);
        AvroCodec<ClipWindow> windowCodec = Codecs.clipWindow();
        AvroCodec<PositivePair> pairCodec = Codecs.positivePair();
        List<byte[]> encoded = new ArrayList<>();
        long augmentNanos = 0;
        long avroNanos = 0;
        for (Clip clip : clips) {
            long a = System.nanoTime();
            byte[] w = windowCodec.encode(ClipWindow.newBuilder().setVideoId("v").setClipIndex(0).setStartTimeMs(0)
                    .setFrameCount(clip.frames()).setHeight(clip.height()).setWidth(clip.width())
                    .setFrames(ByteBuffer.wrap(clip.rgb())).setSourceUri("bench").setEventTimeMs(0L).build());
            windowCodec.decode(w);
            long b = System.nanoTime();
            var views = augmenter.makeViews(clip, "v", encoded.size());
            long c = System.nanoTime();
            byte[] p = pairCodec.encode(PositivePair.newBuilder().setVideoId("v").setClipIndex(0)
                    .setQuery(ClipRecords.toClipData(views.query())).setKey(ClipRecords.toClipData(views.key()))
                    .setKeyView(KeyViewInfo.newBuilder().build()).setEventTimeMs(0L).build());
            pairCodec.decode(p);
            long d = System.nanoTime();
            avroNanos += (b - a) + (d - c);
            augmentNanos += c - b;
            encoded.add(w);
            encoded.add(p);
        }
        double avro = avroNanos / 1e9 / clips.size();
        double augment = augmentNanos / 1e9 / clips.size();

        String topic = kafka.topics().clips() + ".stage";
        kafka.topics().ensureExist(kafka, Map.of(topic, 1));
        long kafkaNanos;
        // Clients are created and connected first: only the transfer of the records is timed.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer());
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumer(null))) {
            producer.partitionsFor(topic);
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            long from = consumer.position(partition);
            long k0 = System.nanoTime();
            for (byte[] bytes : encoded) {
                producer.send(new ProducerRecord<>(topic, bytes));
            }
            producer.flush();
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            consumer.seek(partition, from);
            while (read < encoded.size() && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(100)).count();
            }
            kafkaNanos = System.nanoTime() - k0;
        }
        double kafkaSeconds = kafkaNanos / 1e9 / clips.size();
        return new double[] {decode, avro, kafkaSeconds, augment};
    }
}
