package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s2vc.testing.TinyDataset;
import io.s2vc.train.ModelCheckpoint;
import io.s2vc.train.TinyTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `s2vc eval` on a checkpoint and a small labelled data set, as a user runs it. */
class EvalCommandTest {
    @TempDir
    Path dir;

    static List<String> tinyEval() {
        List<String> args = new ArrayList<>();
        for (String setting : TinyTraining.overrides()) {
            args.addAll(List.of("--set", setting));
        }
        args.addAll(List.of("--set", "eval.size=16", "--set", "eval.clips_per_video=2", "--set", "eval.linear_epochs=5",
                "--set", "eval.linear_milestone_epochs="));
        return args;
    }

    @Test
    void evaluatesACheckpointAndWritesTheReports() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        Path checkpoint = TinyTraining.checkpoint(dir.resolve("store"), 2, "run-a");
        Path out = dir.resolve("reports");
        List<String> args = new ArrayList<>(List.of("eval", "--work", dir.resolve("work").toString(), "--checkpoint",
                checkpoint.toString(), "--data", data.toString(), "--out", out.toString()));
        args.addAll(tinyEval());
        CommandLineTest.Outcome first = CommandLineTest.run(args.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(2, report.get("step").asLong());
        JsonNode metrics = report.get("metrics");
        for (String name : List.of("retrieval.R@1", "retrieval.R@5", "retrieval.R@10", "retrieval.R@20", "retrieval.R@50",
                "linear.top1", "linear.top5", "temporal_order.accuracy", "static_bias.background_top1",
                "features.clips_per_s")) {
            assertTrue(metrics.has(name), name + " in " + metrics);
        }
        double r1 = metrics.get("retrieval.R@1").asDouble();
        assertTrue(r1 >= 0 && r1 <= metrics.get("retrieval.R@50").asDouble() && metrics.get("retrieval.R@50").asDouble() <= 1);
        double low = metrics.get("retrieval.R@1.ci_low").asDouble();
        double high = metrics.get("retrieval.R@1.ci_high").asDouble();
        assertTrue(0 <= low && low <= r1 && r1 <= high && high <= 1, "95 % interval " + low + ".." + high + " of " + r1);
        JsonNode ranks = report.get("retrievalRanks");
        assertEquals(2, ranks.size(), "one rank per test query");
        long hits = java.util.stream.StreamSupport.stream(ranks.spliterator(), false).filter(rank -> rank.asInt() == 0)
                .count();
        assertEquals(r1, hits / 2.0, 1e-9, "R@1 is the share of queries whose first neighbour is of their class");
        String markdown = Files.readString(out.resolve("report.md"));
        assertTrue(markdown.contains("| Method | Step | R@1 | R@5 | R@10 | R@20 | R@50 |"), markdown);
        assertTrue(markdown.contains(String.format(java.util.Locale.ROOT, "| %.1f [%.1f, %.1f] |", 100 * r1, 100 * low,
                100 * high)), "R@1 with its interval in\n" + markdown);
        assertTrue(markdown.contains("Action recognition, linear probe"), markdown);
        for (String png : List.of("retrieval.png", "linear.png", "loss.png")) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }

        // A second checkpoint of the run joins the history; the same checkpoint again reuses its cached features.
        Path later = TinyTraining.checkpoint(dir.resolve("store"), 3, "run-a");
        args.set(4, later.toString());
        assertEquals(0, CommandLineTest.run(args.toArray(String[]::new)).code());
        args.set(4, later.toString());
        assertEquals(0, CommandLineTest.run(args.toArray(String[]::new)).code());
        JsonNode again = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(2, again.get("history").size(), "one entry per run and step");
        assertFalse(again.get("metrics").has("features.clips_per_s"), "features came from the cache");
        assertEquals(metrics.size(), again.get("metrics").size() + 1);
    }

    @Test
    void aDamagedCheckpointOrAMissingDataSetIsOneLine() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        Path checkpoint = TinyTraining.checkpoint(dir.resolve("store"), 1, "run-b");
        Path params = checkpoint.resolve(ModelCheckpoint.ENCODER_FILE);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 3] ^= 1;
        Files.write(params, bytes);
        CommandLineTest.assertOneLineError(CommandLineTest.run("eval", "--work", dir.toString(), "--checkpoint",
                checkpoint.toString(), "--data", data.toString()), "SHA-256 of encoder-0000.params is");
        CommandLineTest.assertOneLineError(CommandLineTest.run("eval", "--work", dir.toString(), "--checkpoint",
                checkpoint.toString(), "--data", dir.resolve("nothing").toString()), "no data set folder");
    }
}
