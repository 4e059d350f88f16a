package io.s2vc.experiment;

import io.s2vc.eval.Bootstrap;
import io.s2vc.eval.MotionOracle;
import io.s2vc.eval.Retrieval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether S²VC beats MoCo in an experiment, said only when the data set passes its two sanity checks:
 * the motion oracle shows the classes learnable from motion, and the scene-only baseline stays near chance
 * (no static shortcut in the test split). The comparison, decided in advance, is S²VC (set to 0) at the
 * experiment's α against MoCo, paired over seeds and queries at the last evaluation; it is significant when
 * both its intervals exclude 0 ({@link PairedComparison.Difference#significant()}), and a non-significant
 * difference is called inconclusive, not a tie. The checks compare point estimates: a scene-only R@1 above
 * chance + margin withholds the verdict even when its interval would allow chance, the cautious side.
 *
 * @param checks the sanity checks, in report order (informational ones have a null {@code passed})
 * @param declared whether a conclusion about the winner could be drawn
 * @param conclusion one paragraph, in words
 */
record Verdict(List<Check> checks, boolean declared, String conclusion) {

    /**
     * One sanity check.
     *
     * @param passed null when the line is shown for information only
     */
    record Check(String name, Bootstrap.Interval r1, String requirement, Boolean passed) {
        String result() {
            return passed == null ? "(shown)" : passed ? "pass" : "FAIL";
        }
    }

    static Verdict of(ExperimentResult r) {
        List<Check> checks = new ArrayList<>();
        Check oracle = null;
        for (MotionOracle.Result o : r.oracles()) {
            Bootstrap.Interval r1 = Bootstrap.mean(Retrieval.hitsAt(o.ranks(), 1), PairedComparison.BOOTSTRAP_SEED);
            if (o.name().equals(MotionOracle.FRAME_DIFFERENCES)) {
                oracle = new Check("Motion oracle: " + o.name() + " of the evaluation clips, no learning", r1,
                        String.format(Locale.ROOT, "R@1 ≥ %.1f", 100 * r.checks().oracleMinR1()),
                        r1.estimate() >= r.checks().oracleMinR1());
                checks.add(oracle);
            } else {
                checks.add(new Check("Motion oracle: " + o.name() + " (ground truth), no learning", r1, "–", null));
            }
        }
        Bootstrap.Interval sceneR1 = PairedComparison.r1(r, Method.SCENE_ONLY);
        Check scene = sceneR1 == null ? null : new Check("Scene only: MoCo on static clips (one frame repeated)",
                sceneR1, String.format(Locale.ROOT, "R@1 ≤ chance %.1f + %.1f", 100 * r.chanceR1(),
                        100 * r.checks().sceneOnlyMargin()),
                sceneR1.estimate() <= r.chanceR1() + r.checks().sceneOnlyMargin());
        if (scene != null) {
            checks.add(scene);
        }
        List<String> failed = new ArrayList<>();
        if (oracle == null) {
            failed.add("the motion oracle was not measured");
        } else if (!oracle.passed()) {
            failed.add(String.format(Locale.ROOT, "the motion oracle reached R@1 %.1f, below %.1f: the classes are not "
                    + "shown to be learnable from motion", 100 * oracle.r1().estimate(), 100 * r.checks().oracleMinR1()));
        }
        if (scene == null) {
            failed.add("the scene-only baseline has no runs with recorded ranks");
        } else if (!scene.passed()) {
            failed.add(String.format(Locale.ROOT, "the scene-only baseline reached R@1 %.1f, more than %.1f above chance: "
                    + "the test split carries a static shortcut", 100 * scene.r1().estimate(),
                    100 * r.checks().sceneOnlyMargin()));
        }
        if (!failed.isEmpty()) {
            return new Verdict(checks, false, "No winner is declared: " + String.join("; ", failed) + ".");
        }
        String s2vc = Method.of("zero", r.alpha()).id();
        PairedComparison.Difference last = PairedComparison.delta(r, s2vc, Method.MOCO_ID, PairedComparison.Span.LAST);
        PairedComparison.Difference curve = PairedComparison.delta(r, s2vc, Method.MOCO_ID, PairedComparison.Span.CURVE);
        if (last == null) {
            return new Verdict(checks, false, "No winner is declared: the comparison needs runs of MoCo (none) and "
                    + "S²VC (zero) with recorded ranks on the same seeds.");
        }
        if (last.seeds() < 2) {
            return new Verdict(checks, false, String.format(Locale.ROOT, "No winner is declared: one paired seed "
                    + "(S²VC − MoCo %s points over the queries alone) cannot separate the methods from training "
                    + "randomness; run --seeds 3 or more.", last.bootstrap().signedPercent()));
        }
        String outcome;
        if (last.significant()) {
            outcome = last.bootstrap().estimate() > 0 ? "**S²VC beats MoCo**" : "**MoCo beats S²VC**";
        } else {
            outcome = "**No significant difference between S²VC and MoCo** (inconclusive, not a tie)";
        }
        String text = String.format(Locale.ROOT, "Both sanity checks pass. %s: S²VC (set to 0, α = %s) minus MoCo, R@1 "
                + "at the end of training, paired over %d seeds and %d queries: %s points (95 %% two-level bootstrap "
                + "interval; Student-t over the seeds %s), %s; averaged over the R@1 curve: %s points, %s.", outcome,
                Method.trim(r.alpha()), last.seeds(), r.testQueries(), last.bootstrap().signedPercent(),
                last.seedT().signedPercent(), significance(last), curve == null ? "–" : curve.bootstrap().signedPercent(),
                significance(curve));
        if (!anyAboveChance(r)) {
            text += " No trained encoder's R@1 interval lies above chance: at this budget none learned retrievable "
                    + "motion, so this compares encoders that are all near chance.";
        }
        return new Verdict(checks, true, text);
    }

    /** Whether some trained method's pooled R@1 interval lies wholly above chance. */
    private static boolean anyAboveChance(ExperimentResult r) {
        return r.methods().stream().map(m -> PairedComparison.r1(r, m.id()))
                .anyMatch(interval -> interval != null && interval.low() > r.chanceR1());
    }

    /** "significant" or "not significant (…)". */
    static String significance(PairedComparison.Difference delta) {
        if (delta == null) {
            return "–";
        }
        return delta.significant() ? "significant" : "not significant (an interval contains 0)";
    }
}
