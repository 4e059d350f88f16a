package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.s2vc.experiment.ExperimentReport;
import io.s2vc.experiment.ExperimentResult;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.FlowWeights;
import io.s2vc.testing.TinyDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `s2vc experiment scene-bias` as a user runs it, on the tiny synthetic set with a tiny budget. */
class ExperimentCommandTest {
    @TempDir
    Path dir;

    @Test
    void runsTheComparisonOnASetMadeElsewhereAndPrintsTheChecksTheTableAndTheVerdict() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        // a UCF101-layout set made elsewhere: no generator metadata (backgrounds, trajectories, manifest)
        try (var files = Files.list(data)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("s2vc-")).toList()) {
                Files.delete(file);
            }
        }
        Path weights = dir.resolve("flow.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowWeights.save(FlowModel.create(FlowSpec.cpuNarrow32(), FlowInit.randomEverywhere(3, FlowInit.ADVFLOW_SIGMA),
                    manager), weights);
        }
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("experiment", "scene-bias", "--work", dir.resolve("work").toString(),
                "--data", data.toString(), "--out", out.toString(), "--seeds", "1", "--budget", "1", "--alpha", "0.4",
                "--alphas", "", "--methods", "none,zero", "--set", "flow.weights=" + weights, "--set", "ingest.height=24",
                "--set", "ingest.width=32", "--set", "experiment.key_views_per_window=1"));
        args.addAll(EvalCommandTest.tinyEval());
        CommandLineTest.Outcome outcome = CommandLineTest.run(args.toArray(String[]::new));
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("experiment: 3 runs (3 methods x 1 seeds, 1 steps each)"), outcome.out());
        for (String line : List.of("| S²VC (set to 0, α = 0.4) |", "| Scene only (MoCo on static clips) |", "## Verdict",
                "| Motion oracle: frame differences of the evaluation clips, no learning |", "| step 1 |")) {
            assertTrue(outcome.out().contains(line), line + " in\n" + outcome.out());
        }
        assertFalse(outcome.out().contains("object trajectories"), "no trajectories in a set made elsewhere");
        ExperimentResult result = ExperimentReport.read(out);
        assertEquals(3, result.runs().size());
        assertTrue(result.command().contains("experiment scene-bias") && result.command().contains("--budget 1"),
                result.command());
        assertTrue(Files.readString(out.resolve(ExperimentReport.MARKDOWN)).contains(result.command()));

        Files.delete(out.resolve(ExperimentReport.MARKDOWN));
        CommandLineTest.Outcome report = CommandLineTest.run("experiment", "report", out.toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(report.out().contains("| MoCo (plain key view) |"), report.out());
        assertTrue(Files.readString(out.resolve(ExperimentReport.MARKDOWN)).contains(result.command()));
        CommandLineTest.assertOneLineError(CommandLineTest.run("experiment", "report", dir.toString()),
                "no experiment.json in");
    }

    @Test
    void aBadBudgetIsOneLineAndExitTwo() {
        CommandLineTest.Outcome outcome = CommandLineTest.run("experiment", "scene-bias", "--work",
                dir.resolve("work").toString(), "--budget", "soon");
        assertEquals(2, outcome.code());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().contains("experiment.budget must be steps (300) or minutes (20m)"), outcome.err());
    }
}
