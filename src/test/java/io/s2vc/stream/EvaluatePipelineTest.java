package io.s2vc.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.avro.CheckpointEvent;
import io.s2vc.avro.EvalReport;
import io.s2vc.config.Config;
import io.s2vc.eval.EvalReports;
import io.s2vc.eval.Evaluation;
import io.s2vc.transport.EmbeddedKafka;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.evaluate.EvaluateJob;
import io.s2vc.stream.runtime.InputBound;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.testing.TinyDataset;
import io.s2vc.testing.TopicReader;
import io.s2vc.train.ModelCheckpoint;
import io.s2vc.train.TinyTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate job reacts to checkpoint events on a real (embedded KRaft) broker: every event is
 * evaluated in turn (those arriving during an evaluation wait), a checkpoint that fails its SHA-256
 * is skipped, and reports go to the metrics topic and the report folder.
 */
class EvaluatePipelineTest {
    @TempDir
    Path dir;

    static CheckpointEvent event(Path checkpoint, long step) throws Exception {
        var manifest = ModelCheckpoint.verify(checkpoint);
        return CheckpointEvent.newBuilder().setRunId(manifest.runId()).setStep(step).setUri(checkpoint.toUri().toString())
                .setSha256(manifest.modelSha256()).setProfile("cpu-tiny").setLoss(manifest.loss())
                .setPairsSeen(manifest.pairsSeen()).setTimeMs(manifest.timeMs()).build();
    }

    @Test
    void everyAnnouncedCheckpointIsEvaluatedAndADamagedOneSkipped() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        Path store = dir.resolve("store");
        List<CheckpointEvent> events = new ArrayList<>();
        events.add(event(TinyTraining.checkpoint(store, 1, "run-e"), 1));
        Path damaged = TinyTraining.checkpoint(store, 2, "run-e");
        events.add(event(damaged, 2));
        Files.write(damaged.resolve(ModelCheckpoint.ENCODER_FILE), new byte[] {1, 2, 3});
        events.add(event(TinyTraining.checkpoint(store, 3, "run-e"), 3));

        List<String> overrides = new ArrayList<>(TinyTraining.overrides());
        overrides.addAll(List.of("eval.size=16", "eval.clips_per_video=2", "eval.linear_epochs=5",
                "eval.linear_milestone_epochs=", "flink.web_ui_port=0", "flink.checkpoint_interval_ms=300"));
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, 16 << 20)) {
            overrides.add("kafka.bootstrap_servers=" + broker.bootstrapServers());
            Config config = Config.load("cpu-tiny", overrides);
            Path reports = dir.resolve("reports");
            try (Platform platform = new Platform(config, dir.resolve("work"))) {
                KafkaSettings kafka = platform.kafka();
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer())) {
                    for (CheckpointEvent event : events) {
                        producer.send(new ProducerRecord<>(kafka.topics().checkpoints(), Codecs.checkpointEvent().encode(event)));
                    }
                }
                platform.jobRunner().run(EvaluateJob.NAME, kafka.topics().checkpoints(), EvaluateJob.groupId(config),
                        new InputBound(events.size(), 60), (env, stopping) -> EvaluateJob.build(env, config, kafka, stopping,
                                data.toString(), dir.resolve("cache").toString(), reports.toString()));
                List<EvalReport> published = TopicReader.read(kafka, kafka.topics().metrics(), 2, Duration.ofSeconds(30))
                        .stream().map(r -> Codecs.evalReport().decode(r.value())).toList();
                assertEquals(List.of(1L, 3L), published.stream().map(EvalReport::getStep).toList());
                assertTrue(published.get(1).getMetrics().containsKey("retrieval.R@1"));
                assertEquals(reports.toUri().toString(), published.get(1).getReportUri());
            }
            List<Evaluation> history = EvalReports.history(reports);
            assertEquals(List.of(1L, 3L), history.stream().map(Evaluation::step).toList());
            assertTrue(Files.readString(reports.resolve(EvalReports.MARKDOWN)).contains("# Evaluation of step 3 (run run-e)"));
        }
    }
}
