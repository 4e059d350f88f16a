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
 * (no static shortcut in the test split). The comparison is S²VC (set to 0) at the experiment's α against
 * MoCo, paired over seeds and queries at the last evaluation; it is significant when its 95 % interval
 * excludes 0.
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
        Bootstrap.Interval sceneR1 = PairedComparison.r1(r, Method.SCENE_ONLY, PairedComparison.Span.LAST);
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
        String moco = Method.of(Method.PLAIN, 0).id();
        String s2vc = Method.of("zero", r.alpha()).id();
        Bootstrap.Interval last = PairedComparison.delta(r, s2vc, moco, PairedComparison.Span.LAST);
        Bootstrap.Interval curve = PairedComparison.delta(r, s2vc, moco, PairedComparison.Span.CURVE);
        if (last == null) {
            return new Verdict(checks, false, "No winner is declared: the comparison needs runs of MoCo (none) and "
                    + "S²VC (zero) with recorded ranks on the same seeds.");
        }
        String outcome = last.low() > 0 ? "**S²VC beats MoCo**" : last.high() < 0 ? "**MoCo beats S²VC**"
                : "**S²VC does not beat MoCo**";
        return new Verdict(checks, true, String.format(Locale.ROOT, "Both sanity checks pass. %s: S²VC (set to 0, α = %s) "
                + "minus MoCo, R@1 at the end of training, paired over %d seed(s) and %d queries: %s points (95 %% "
                + "two-level bootstrap interval), %s; averaged over the R@1 curve: %s points, %s.", outcome,
                Method.trim(r.alpha()), r.runsOf(s2vc).size(), r.testQueries(), last.signedPercent(),
                significance(last), curve == null ? "–" : curve.signedPercent(), significance(curve)));
    }

    /** "significant" or "not significant (the interval contains 0)". */
    static String significance(Bootstrap.Interval delta) {
        if (delta == null) {
            return "–";
        }
        return delta.excludesZero() ? "significant" : "not significant (the interval contains 0)";
    }
}
