package io.s2vc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.eval.MotionOracle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict on hand-made results: a winner only when both sanity checks pass, and only when significant. */
class VerdictTest {
    private static final int QUERIES = 160;
    private static final double CHANCE = 0.125;

    /** Ranks of QUERIES queries of which the first {@code hits} (shifted by {@code offset}) are at rank 0. */
    private static int[] ranks(int hits, int offset) {
        int[] ranks = new int[QUERIES];
        Arrays.fill(ranks, 3);
        for (int q = 0; q < hits; q++) {
            ranks[(q + offset) % QUERIES] = 0;
        }
        return ranks;
    }

    private static RunResult run(String method, long seed, int hits) {
        int[] last = ranks(hits, (int) seed * 7);
        return new RunResult(method, seed, 600, 9600, 60, 0, List.of(
                new RunResult.Point(300, 6.0, Map.of("retrieval.R@1", (double) hits / QUERIES), last),
                new RunResult.Point(600, 5.0, Map.of("retrieval.R@1", (double) hits / QUERIES), last)));
    }

    /** MoCo, S²VC (zero) and scene-only over three seeds, with R@1 hits per seed, and the two oracles. */
    private static ExperimentResult result(int[] mocoHits, int[] s2vcHits, int sceneHits, int oracleHits) {
        List<RunResult> runs = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            runs.add(run("moco", seed, mocoHits[seed]));
            runs.add(run("zero@0.5", seed, s2vcHits[seed]));
            runs.add(run(Method.SCENE_ONLY, seed, sceneHits));
        }
        List<ExperimentResult.MethodInfo> methods = List.of(Method.of("none", 0.5), Method.of("zero", 0.5),
                Method.of(Method.SCENE_ONLY, 0.5)).stream().map(m -> ExperimentResult.MethodInfo.of(m, false)).toList();
        return new ExperimentResult("test", "hand-made", "600 steps", List.of(0L, 1L, 2L), 0.5, List.of(), methods,
                720, 2, QUERIES, CHANCE, 1, 1, runs, List.of(new MotionOracle.Result(MotionOracle.TRAJECTORIES,
                        ranks(QUERIES, 0)), new MotionOracle.Result(MotionOracle.FRAME_DIFFERENCES, ranks(oracleHits, 0))),
                new SanityThresholds(0.6, 0.05), null, null);
    }

    @Test
    void aLargeConsistentGainWithPassingChecksIsDeclaredSignificant() {
        Verdict verdict = Verdict.of(result(new int[] {16, 18, 20}, new int[] {40, 44, 42}, 20, 130));
        assertTrue(verdict.declared());
        assertTrue(verdict.conclusion().contains("**S²VC beats MoCo**"), verdict.conclusion());
        assertTrue(verdict.conclusion().contains("+15.0 ["), verdict.conclusion()); // (126 − 54) / 480 = 0.15
        assertTrue(verdict.conclusion().contains(", significant;"), verdict.conclusion());
        assertEquals(List.of("(shown)", "pass", "pass"), verdict.checks().stream().map(Verdict.Check::result).toList());
    }

    @Test
    void aSmallGainWithinTheNoiseIsNotAWin() {
        Verdict verdict = Verdict.of(result(new int[] {16, 22, 18}, new int[] {19, 17, 23}, 20, 130));
        assertTrue(verdict.declared());
        assertTrue(verdict.conclusion().contains("**No significant difference between S²VC and MoCo** (inconclusive, "
                + "not a tie)"), verdict.conclusion());
        assertTrue(verdict.conclusion().contains("not significant (an interval contains 0)"), verdict.conclusion());
        assertTrue(verdict.conclusion().endsWith("so this compares encoders that are all near chance."),
                "R@1 of 12 % is no motion learned: " + verdict.conclusion());
    }

    @Test
    void oneSeedCannotSeparateTheMethodsFromTrainingRandomness() {
        ExperimentResult three = result(new int[] {16, 18, 20}, new int[] {40, 44, 42}, 20, 130);
        ExperimentResult one = new ExperimentResult(three.command(), three.data(), three.budget(), List.of(0L),
                three.alpha(), three.alphas(), three.methods(), 720, 2, QUERIES, CHANCE, 1, 1,
                three.runs().stream().filter(run -> run.seed() == 0).toList(), three.oracles(), three.checks(), null, null);
        Verdict verdict = Verdict.of(one);
        assertFalse(verdict.declared());
        assertTrue(verdict.conclusion().contains("one paired seed"), verdict.conclusion());
        assertTrue(ExperimentReport.strategyTable(one).contains(" n.s. |"), "no seed-level interval, no sig.");
    }

    @Test
    void theCurveIsComparedOnTheStepsBothRunsShareEachOnce() {
        // MoCo evaluated at 300 and 600; S²VC at 300, 600 and 600 again (a repeated final evaluation), and 900
        RunResult moco = new RunResult("moco", 0, 600, 0, 0, 0, List.of(
                new RunResult.Point(300, null, Map.of(), ranks(0, 0)), new RunResult.Point(600, null, Map.of(), ranks(0, 0))));
        RunResult s2vc = new RunResult("zero@0.5", 0, 900, 0, 0, 0, List.of(
                new RunResult.Point(300, null, Map.of(), ranks(QUERIES, 0)),
                new RunResult.Point(600, null, Map.of(), ranks(0, 0)),
                new RunResult.Point(600, null, Map.of(), ranks(0, 0)),
                new RunResult.Point(900, null, Map.of(), ranks(QUERIES, 0))));
        ExperimentResult r = new ExperimentResult("test", "hand-made", "20 minutes", List.of(0L), 0.5, List.of(),
                List.of(), 720, 2, QUERIES, CHANCE, 1, 1, List.of(moco, s2vc), List.of(), null, null, null);
        // shared steps 300 (+1 per query) and 600 (0): +0.5; the last evaluations (900 vs 600): +1
        assertEquals(0.5, PairedComparison.delta(r, "zero@0.5", "moco", PairedComparison.Span.CURVE).bootstrap()
                .estimate(), 1e-12);
        assertEquals(1.0, PairedComparison.delta(r, "zero@0.5", "moco", PairedComparison.Span.LAST).bootstrap()
                .estimate(), 1e-12);
        assertEquals(SanityThresholds.DEFAULTS, r.checks(), "results written before the checks get the defaults");
    }

    @Test
    void resultsWithoutRanksShowNoIntervalsAndNoVerdict() {
        ExperimentResult r = result(new int[] {16, 18, 20}, new int[] {40, 44, 42}, 20, 130);
        List<RunResult> withoutRanks = r.runs().stream().map(run -> new RunResult(run.method(), run.seed(), run.steps(),
                run.pairs(), run.trainSeconds(), run.suppressedFraction(), run.curve().stream()
                        .map(p -> new RunResult.Point(p.step(), p.loss(), p.metrics(), null)).toList())).toList();
        ExperimentResult old = new ExperimentResult(r.command(), r.data(), r.budget(), r.seeds(), r.alpha(), r.alphas(),
                r.methods(), 720, 2, QUERIES, CHANCE, 1, 1, withoutRanks, null, null, null, null);
        Verdict verdict = Verdict.of(old);
        assertFalse(verdict.declared());
        assertTrue(verdict.conclusion().contains("the motion oracle was not measured"), verdict.conclusion());
        assertTrue(ExperimentReport.strategyTable(old).contains("| 26.3 ± 1.3 | – | – | – |"), ExperimentReport
                .strategyTable(old));
    }

    @Test
    void aWeakMotionOracleWithholdsTheVerdict() {
        Verdict verdict = Verdict.of(result(new int[] {16, 18, 20}, new int[] {40, 44, 42}, 20, 60));
        assertFalse(verdict.declared());
        assertTrue(verdict.conclusion().startsWith("No winner is declared: the motion oracle reached R@1 37.5, below 60.0"),
                verdict.conclusion());
        assertEquals("FAIL", verdict.checks().get(1).result());
    }

    @Test
    void aSceneOnlyEncoderAboveChanceRevealsAStaticShortcutAndWithholdsTheVerdict() {
        Verdict verdict = Verdict.of(result(new int[] {16, 18, 20}, new int[] {40, 44, 42}, 40, 130));
        assertFalse(verdict.declared());
        assertTrue(verdict.conclusion().contains("the scene-only baseline reached R@1 25.0, more than 5.0 above chance"),
                verdict.conclusion());
        assertFalse(verdict.conclusion().contains("beats"));
    }

    @Test
    void theReportShowsTheChecksIntervalsAndTheVerdict() {
        ExperimentResult r = result(new int[] {16, 18, 20}, new int[] {40, 44, 42}, 20, 130);
        String md = ExperimentReport.markdown(r);
        assertTrue(md.contains("| Motion oracle: frame differences of the evaluation clips, no learning | 81.3 ["), md);
        assertTrue(md.contains("| R@1 ≥ 60.0 | pass |"), md);
        assertTrue(md.contains("| R@1 ≤ chance 12.5 + 5.0 | pass |"), md);
        assertTrue(md.contains("| S²VC (set to 0, α = 0.5) | 26.3 ± 1.3 | 26.3 ["), md);
        assertTrue(md.contains("| +15.0 [") && md.contains("] sig. |"), md);
        assertTrue(md.contains("| Method | step 300 | step 600 |"), md);
    }
}
