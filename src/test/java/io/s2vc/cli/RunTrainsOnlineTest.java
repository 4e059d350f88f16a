package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.avro.CheckpointEvent;
import io.s2vc.config.Config;
import io.s2vc.eval.EvalReports;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.stream.train.CheckpointStore;
import io.s2vc.testing.TinyDataset;
import io.s2vc.testing.TopicReader;
import io.s2vc.train.ModelCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `s2vc run` as a new user runs it (on a small data set): it trains online, leaves checkpoints and events,
 * the evaluate job beside it evaluates every checkpoint, and a rerun continues where the last one stopped.
 */
class RunTrainsOnlineTest {
    private static final String[] SETTINGS = {"--set", "suppress.strategy=tfd", "--set", "train.batch_size=4",
            "--set", "moco.queue_size=32", "--set", "flink.web_ui_port=0", "--set", "eval.linear_epochs=5",
            "--set", "eval.clips_per_video=2", "--set", "run.steps=0"}; // one pass of the tiny set unless --steps

    @TempDir
    Path dir;

    /**
     * {@code s2vc run} on the tiny data set in {@code work}, with the test's settings and {@code options}; the
     * outcome's {@code out} is what the command printed to System.out (its summary).
     */
    private static CommandLineTest.Outcome run(Path data, Path work, String... options) {
        List<String> args = new ArrayList<>(List.of("run", "--work", work.toString(), "--data", data.toString(),
                "--until-idle", "3"));
        args.addAll(List.of(options));
        args.addAll(List.of(SETTINGS));
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CommandLineTest.Outcome outcome;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            outcome = CommandLineTest.run(args.toArray(String[]::new));
        } finally {
            System.setOut(console);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        console.print(out);
        assertEquals(0, outcome.code(), outcome.err());
        return new CommandLineTest.Outcome(outcome.code(), outcome.out() + out, outcome.err());
    }

    @Test
    void runTrainsOnlineAndLeavesCheckpointsAndEvents() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        Path work = dir.resolve("work");
        CommandLineTest.Outcome outcome = run(data, work, "--checkpoint-every", "1");

        // 4 training videos, 2 windows each: 8 pairs, 2 steps of 4, a checkpoint after each, and the random-init floor.
        CheckpointStore store = new CheckpointStore(work.resolve("checkpoints").toString()).latestRun().orElseThrow();
        assertEquals(List.of(0L, 1L, 2L), store.steps());
        var last = ModelCheckpoint.verify(Path.of(store.uri(2)));
        assertEquals(8, last.pairsSeen());
        assertEquals("tiny3d", last.backbone());

        Config config = Config.load("cpu-tiny", List.of("flink.web_ui_port=0"));
        try (Platform platform = new Platform(config, work)) { // the run's embedded broker, started again
            var kafka = platform.kafka();
            assertEquals(8, TopicReader.read(kafka, kafka.topics().pairs(), 8, Duration.ofSeconds(20)).size(),
                    "a positive pair of every window");
            List<CheckpointEvent> events = TopicReader.read(kafka, kafka.topics().checkpoints(), 3, Duration.ofSeconds(20))
                    .stream().map(r -> Codecs.checkpointEvent().decode(r.value())).toList();
            assertEquals(List.of(0L, 1L, 2L), events.stream().map(CheckpointEvent::getStep).toList());
            assertEquals(store.uri(2).toString(), events.get(2).getUri());
            assertEquals(last.modelSha256(), events.get(2).getSha256());
        }

        // The evaluate job beside the trainer evaluated every checkpoint, the random-init floor first.
        var history = io.s2vc.eval.EvalReports.history(work.resolve("reports"));
        assertEquals(List.of(0L, 1L, 2L), history.stream().map(io.s2vc.eval.Evaluation::step).toList());
        assertTrue(history.get(2).metrics().containsKey("retrieval.R@1"));
        assertTrue(Files.isRegularFile(work.resolve("reports").resolve("report.md")));
        for (String plot : EvalReports.PLOTS) {
            assertTrue(Files.size(work.resolve("reports").resolve(plot)) > 0, plot);
        }

        // The summary says what each stage did and what was learned.
        String out = outcome.out();
        assertTrue(out.contains("ingested 8 windows"), out);
        assertTrue(out.contains("augment: 8 positive pairs on s2vc.pairs, 0 dead letters"), out);
        assertTrue(out.contains("train: tiny3d model at step 2 (loss "), out);
        assertTrue(out.contains("evaluate: 3 checkpoints of run " + last.runId() + " evaluated"), out);
        assertTrue(out.matches("(?s).*R@1 by step: 0 \\d\\.\\d{3} · 1 \\d\\.\\d{3} · 2 \\d\\.\\d{3}\n.*"), out);
        assertTrue(out.matches("(?s).*R@1 at step 2: \\d\\.\\d{3}, 95 % interval \\d\\.\\d{3}–\\d\\.\\d{3} over the 2 test "
                + "queries\n.*"), out);
        assertTrue(out.matches("(?s).*static bias at step 2: background top-1 \\d\\.\\d{3} against chance 0\\.500 "
                + "\\(lower = less scene bias\\).*"), out);
        assertTrue(out.contains("linear top-1 at step 2: "), out);
        assertTrue(out.contains("report: " + work.resolve("reports").resolve("report.md").toAbsolutePath()
                + "; plots: retrieval.png, linear.png, loss.png beside it"), out);

        CommandLineTest.Outcome request = CommandLineTest.run("checkpoint-now", "--work", work.toString());
        assertEquals(0, request.code(), request.err());
        assertTrue(Files.exists(work.resolve("checkpoints").resolve(CheckpointStore.REQUEST_FILE)));
    }

    /**
     * A budget beyond one pass replays the data set with new views; a rerun with a larger budget continues the
     * same run from its last checkpoint and publishes only the windows still missing, never pass 0 again.
     */
    @Test
    void aRerunWithALargerBudgetContinuesTheRunAndPublishesOnlyTheMissingPasses() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        Path work = dir.resolve("work");
        // 8 windows a pass, 4 pairs a step: 3 steps need pass 0 and half of pass 1.
        CommandLineTest.Outcome first = run(data, work, "--steps", "3", "--checkpoint-every", "3");
        assertTrue(first.out().contains("ingested 12 windows") && first.out().contains("(passes 0-1)"), first.out());
        assertTrue(first.out().contains("train: tiny3d model at step 3, the budget of 3 steps (loss"), first.out());
        CheckpointStore run = new CheckpointStore(work.resolve("checkpoints").toString()).latestRun().orElseThrow();
        assertEquals(List.of(0L, 3L), run.steps(), "the random-init floor, then the budget");

        CommandLineTest.Outcome second = run(data, work, "--steps", "5", "--checkpoint-every", "3");
        assertTrue(second.out().contains("resuming run " + run.runId() + " at step 3"), second.out());
        assertTrue(second.out().contains("ingested 8 windows") && second.out().contains("(pass 2)"), second.out());
        assertTrue(second.out().contains("train: tiny3d model at step 5, the budget of 5 steps, continued from step 3"),
                second.out());
        assertEquals(List.of(0L, 3L, 5L), run.steps(), "the same run, continued (no second floor)");
        assertEquals(run.root(), new CheckpointStore(work.resolve("checkpoints").toString()).latestRun().orElseThrow().root());
        var fifth = ModelCheckpoint.verify(Path.of(run.uri(5)));
        assertEquals(20, fifth.pairsSeen());
        assertEquals(run.uri(3).toString(), fifth.parent());
        assertTrue(second.out().contains("evaluate: 3 checkpoints of run " + run.runId() + " evaluated"), second.out());
        assertTrue(second.out().matches("(?s).*R@1 by step: 0 \\d\\.\\d{3} · 3 \\d\\.\\d{3} · 5 \\d\\.\\d{3}\n.*"),
                second.out());

        Config config = Config.load("cpu-tiny", List.of("flink.web_ui_port=0"));
        try (Platform platform = new Platform(config, work)) {
            var kafka = platform.kafka();
            Map<Integer, Long> windowsByPass = TopicReader.read(kafka, kafka.topics().clips(), 20, Duration.ofSeconds(20))
                    .stream().map(r -> Codecs.clipWindow().decode(r.value()).getPass())
                    .collect(Collectors.groupingBy(pass -> pass, TreeMap::new, Collectors.counting()));
            assertEquals(Map.of(0, 8L, 1, 4L, 2, 8L), windowsByPass, "pass 0 once, the rest only as needed");
        }

        // The same budget again: nothing to publish, nothing to train.
        CommandLineTest.Outcome third = run(data, work, "--steps", "5", "--checkpoint-every", "3");
        assertTrue(third.out().contains("ingest: skipped, s2vc.clips already holds the data set (20 windows in 3 passes"),
                third.out());
        assertEquals(List.of(0L, 3L, 5L), run.steps());
    }
}
