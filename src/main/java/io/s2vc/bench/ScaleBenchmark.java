package io.s2vc.bench;

import io.s2vc.config.Catalogue;
import ai.djl.ndarray.NDManager;
import io.s2vc.avro.ClipWindow;
import io.s2vc.config.Config;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.FlowWeights;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.augment.AugmentJob;
import io.s2vc.stream.runtime.InputBound;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.stream.suppress.SuppressionSettings;
import io.s2vc.video.Clip;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code s2vc bench scale}: throughput of the augment job (views and static-cue suppression, Kafka to Kafka) at
 * parallelism 1 and 2 on the same clips, on an embedded MiniCluster with two TaskManagers (in this JVM) and
 * the embedded broker. The cpu-tiny profile's clips and flow (random weights: the cost does not depend on
 * them); every repeat reads the same records with a new consumer group. Clips/s = records / the job's net
 * runtime (deployment included), and the ratio of parallelism 2 to 1 per repeat.
 */
public final class ScaleBenchmark {
    /** The TaskManagers of the MiniCluster, so that parallelism 2 can spread over two. */
    static final int TASK_MANAGERS = 2;
    private static final int TRANSPORT_SIZE = 72;

    private final Config config;
    private final Path work;
    private final int windows;
    private final int repeats;
    private final List<Integer> parallelisms;

    public ScaleBenchmark(Config config, Path work, int windows, int repeats, List<Integer> parallelisms) {
        this.config = config.with(Map.of("flink.embedded_task_managers", String.valueOf(TASK_MANAGERS),
                "flink.web_ui_port", "0", "kafka.topics.clips", "bench.scale.clips",
                "kafka.topics.pairs", "bench.scale.pairs", "kafka.topics.dead_letter", "bench.scale.dead-letter"));
        this.work = work;
        this.windows = windows;
        this.repeats = repeats;
        this.parallelisms = List.copyOf(parallelisms);
    }

    public void run(Consumer<Measurement> out) throws Exception {
        Files.createDirectories(work);
        Path flow = randomFlow(FlowSpec.byName(config.get(Catalogue.FLOW_ARCH)));
        SuppressionSettings suppression = SuppressionSettings.from(config, flow.toString());
        int frames = config.get(Catalogue.CLIP_FRAMES);
        Map<String, Object> setup = Map.of("profile", config.profile(), "frames", frames,
                "size", config.get(Catalogue.AUGMENT_SIZE), "windows", windows, "task_managers", TASK_MANAGERS,
                "cores", Runtime.getRuntime().availableProcessors(), "strategy", suppression.strategyName(),
                "batch", config.get(Catalogue.SUPPRESS_BATCH_SIZE));
        double[][] clipsPerSecond = new double[parallelisms.size()][repeats];
        long run = System.nanoTime();
        for (int i = 0; i < parallelisms.size(); i++) {
            int parallelism = parallelisms.get(i);
            Config atP = config.with(Catalogue.FLINK_PARALLELISM, parallelism);
            // One work folder for all: the broker's data (and so the clips) is the same for every parallelism.
            try (Platform platform = new Platform(atP, work.resolve("platform"))) {
                KafkaSettings kafka = platform.kafka();
                if (i == 0) {
                    publish(kafka, frames);
                }
                for (int r = 0; r < repeats; r++) {
                    Config job = atP.with(Catalogue.KAFKA_GROUP_ID, "bench-scale-" + run + "-p" + parallelism + "-r" + r);
                    var result = platform.jobRunner().run(AugmentJob.NAME, kafka.topics().clips(),
                            AugmentJob.groupId(job), new InputBound(windows, 60),
                            (env, stopping) -> AugmentJob.build(env, job, kafka, stopping, suppression));
                    double seconds = result.orElseThrow(() -> new IllegalStateException("no clips to read"))
                            .getNetRuntime() / 1000.0;
                    clipsPerSecond[i][r] = windows / seconds;
                }
            }
            out.accept(new Measurement("scale.augment_job.p" + parallelism + ".clips_per_s", "clips/s", clipsPerSecond[i])
                    .with(setup).with("parallelism", parallelism)
                    .with("note", "augment + suppress on a MiniCluster of " + TASK_MANAGERS + " TaskManagers in one JVM"));
        }
        for (int i = 1; i < parallelisms.size(); i++) {
            double[] ratio = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                ratio[r] = clipsPerSecond[i][r] / clipsPerSecond[0][r];
            }
            out.accept(new Measurement("scale.augment_job.speedup_p" + parallelisms.get(i) + "_over_p" + parallelisms.get(0),
                    "ratio", ratio).with(setup));
        }
    }

    /** Flow weights of the configured architecture, random: what suppression costs does not depend on them. */
    private Path randomFlow(FlowSpec spec) throws java.io.IOException {
        Path file = work.resolve("random-" + spec.name() + ".npz");
        if (!Files.isRegularFile(file)) {
            try (NDManager manager = NDManager.newBaseManager()) {
                FlowWeights.save(FlowModel.create(spec, FlowInit.randomEverywhere(1, FlowInit.ADVFLOW_SIGMA), manager),
                        file);
            }
        }
        return file;
    }

    /** The benchmark's clip windows on the clips topic (random pixels at the cpu-tiny transport size). */
    private void publish(KafkaSettings kafka, int frames) {
        List<Clip> clips = RandomClips.of(windows, frames, TRANSPORT_SIZE, 7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer())) {
            for (int i = 0; i < clips.size(); i++) {
                Clip clip = clips.get(i);
                String video = "bench-" + (i / 4);
                producer.send(new ProducerRecord<>(kafka.topics().clips(), video.getBytes(StandardCharsets.UTF_8),
                        Codecs.clipWindow().encode(ClipWindow.newBuilder().setVideoId(video).setClipIndex(i % 4)
                                .setStartTimeMs(0).setFrameCount(clip.frames()).setHeight(clip.height())
                                .setWidth(clip.width()).setFrames(ByteBuffer.wrap(clip.rgb())).setSourceUri("bench")
                                .setEventTimeMs(0L).build())));
            }
        }
    }
}
