package io.s2vc.bench;

import io.s2vc.config.Config;
import io.s2vc.stream.runtime.JobRunner;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.stream.train.TrainJob;
import io.s2vc.train.TrainingSettings;
import io.s2vc.transport.KafkaProgress;
import io.s2vc.transport.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Resident memory along a long run of the Flink job {@code train} fed from Kafka: the whole process (trainer, Flink,
 * the embedded broker). The job trains while it is sampled, so a sample taken in the middle of a step holds that
 * step's activations and gradients (up to 2 GB more than between steps, measured); each point of the curve is
 * therefore the lowest of the samples taken every 250 ms over its interval, the floor between steps, which is where
 * a leak shows. Pairs are produced while the job runs, a bounded lead ahead of what it has consumed, and the topic keeps only
 * its last few hundred MB, so that 10 000 steps (160 000 pairs, 18 GB of records) need neither the memory nor the
 * disk of all of them at once.
 */
final class TrainJobMemory {
    /** Pairs produced ahead of the job's committed position. */
    private static final long LEAD = 4096;
    private static final long CHUNK = 512;
    private static final Duration POLL = Duration.ofMillis(250);

    private TrainJobMemory() {
    }

    /**
     * @param warmupSteps steps before the first sample
     * @param steps steps sampled, from the end of the warm-up
     * @param every steps between samples (at least the steps between two Flink checkpoints give a new reading)
     */
    static MemoryTrace run(Config config, TrainingSettings settings, Path workDir, RandomPairs pairs, int warmupSteps,
            int steps, int every) throws Exception {
        int batch = settings.batchSize();
        long total = (long) (warmupSteps + steps) * batch;
        MemoryTrace trace = new MemoryTrace();
        try (Platform platform = new Platform(config, workDir)) {
            KafkaSettings kafka = platform.kafka();
            String topic = kafka.topics().pairs();
            String group = TrainJob.groupId(config);
            keepOnlyTheLastRecords(kafka, topic);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer());
                    KafkaProgress progress = new KafkaProgress(kafka)) {
                long produced = Math.min(total, LEAD);
                TrainJobTiming.send(producer, topic, pairs, 0, produced);
                producer.flush();
                JobRunner.BackgroundJob job = platform.jobRunner().start(TrainJob.NAME, topic, group,
                        (env, stopping) -> TrainJob.build(env, config, kafka, stopping, settings));
                long nextSample = (long) warmupSteps * batch;
                ProcessMemory floor = null;
                while (true) {
                    long consumed = KafkaProgress.total(progress.committedOrEarliest(topic, group));
                    ProcessMemory sample = ProcessMemory.now();
                    if (consumed >= (long) warmupSteps * batch && (floor == null || sample.rssMb() < floor.rssMb())) {
                        floor = sample;
                    }
                    if (consumed >= nextSample && floor != null) {
                        // Offsets move at Flink checkpoints, possibly by more than one sampling interval at once.
                        trace.add(consumed / batch - warmupSteps, floor);
                        floor = null;
                        nextSample = consumed + (long) every * batch;
                    }
                    if (consumed >= total) {
                        break;
                    }
                    if (produced < total && produced - consumed < LEAD) {
                        long upTo = Math.min(total, produced + CHUNK);
                        TrainJobTiming.send(producer, topic, pairs, produced, upTo);
                        producer.flush();
                        produced = upTo;
                    } else {
                        Thread.sleep(POLL.toMillis());
                    }
                }
                job.drainWhenConsumed(Duration.ofMinutes(5));
            }
        }
        return trace;
    }

    /** Old segments of the topic are deleted once it holds more than 512 MB (the broker checks every 5 minutes). */
    private static void keepOnlyTheLastRecords(KafkaSettings kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.admin())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.bytes", String.valueOf(512L << 20)), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("segment.bytes", String.valueOf(64L << 20)), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
    }
}
