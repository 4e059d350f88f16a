package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.avro.CheckpointEvent;
import io.s2vc.config.Config;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.stream.serde.Codecs;
import io.s2vc.stream.train.CheckpointStore;
import io.s2vc.testing.TinyDataset;
import io.s2vc.testing.TopicReader;
import io.s2vc.train.ModelCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `s2vc run` as a new user runs it (on a small data set): it trains online, leaves checkpoints and events,
 * and the evaluate job beside it evaluates every checkpoint.
 */
class RunTrainsOnlineTest {
    @TempDir
    Path dir;

    @Test
    void runTrainsOnlineAndLeavesCheckpointsAndEvents() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        Path work = dir.resolve("work");
        String[] settings = {"--set", "suppress.strategy=tfd", "--set", "train.batch_size=4", "--set", "moco.queue_size=32",
                "--set", "flink.web_ui_port=0", "--set", "eval.linear_epochs=5", "--set", "eval.clips_per_video=2"};
        List<String> args = new java.util.ArrayList<>(List.of("run", "--work", work.toString(), "--data", data.toString(),
                "--checkpoint-every", "1", "--until-idle", "3"));
        args.addAll(List.of(settings));
        CommandLineTest.Outcome outcome = CommandLineTest.run(args.toArray(String[]::new));
        assertEquals(0, outcome.code(), outcome.err());

        // 4 training videos, 2 windows each: 8 pairs, 2 steps of 4, a checkpoint after each.
        CheckpointStore store = new CheckpointStore(work.resolve("checkpoints").toString()).latestRun().orElseThrow();
        assertEquals(List.of(1L, 2L), store.steps());
        var last = ModelCheckpoint.verify(Path.of(store.uri(2)));
        assertEquals(8, last.pairsSeen());
        assertEquals("tiny3d", last.backbone());

        Config config = Config.load("cpu-tiny", List.of("flink.web_ui_port=0"));
        try (Platform platform = new Platform(config, work)) { // the run's embedded broker, started again
            var kafka = platform.kafka();
            List<CheckpointEvent> events = TopicReader.read(kafka, kafka.topics().checkpoints(), 2, Duration.ofSeconds(20))
                    .stream().map(r -> Codecs.checkpointEvent().decode(r.value())).toList();
            assertEquals(List.of(1L, 2L), events.stream().map(CheckpointEvent::getStep).toList());
            assertEquals(store.uri(2).toString(), events.get(1).getUri());
            assertEquals(last.modelSha256(), events.get(1).getSha256());
        }

        // The evaluate job beside the trainer evaluated both checkpoints.
        var history = io.s2vc.eval.EvalReports.history(work.resolve("reports"));
        assertEquals(List.of(1L, 2L), history.stream().map(io.s2vc.eval.Evaluation::step).toList());
        assertTrue(history.get(1).metrics().containsKey("retrieval.R@1"));
        assertTrue(Files.isRegularFile(work.resolve("reports").resolve("report.md")));

        CommandLineTest.Outcome request = CommandLineTest.run("checkpoint-now", "--work", work.toString());
        assertEquals(0, request.code(), request.err());
        assertTrue(Files.exists(work.resolve("checkpoints").resolve(CheckpointStore.REQUEST_FILE)));
    }
}
