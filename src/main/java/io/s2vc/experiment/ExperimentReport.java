package io.s2vc.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.s2vc.eval.Bootstrap;
import io.s2vc.plot.LinePlot;
import io.s2vc.plot.Series;
import io.s2vc.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an experiment's results: {@code experiment.json} (every run and evaluation), {@code experiment.md}
 * (a table shaped like the paper's Table 4 with means and standard deviations over seeds and the paired
 * difference to MoCo, and the α sweep) and two plots: R@1 against α (paper Fig. 3, left) and R@1 against
 * step for each method. Rewritten after every run, so an interrupted experiment leaves what it finished.
 */
public final class ExperimentReport {
    public static final String JSON = "experiment.json";
    public static final String MARKDOWN = "experiment.md";
    public static final String ALPHA_PLOT = "alpha-sweep.png";
    public static final String CURVE_PLOT = "r1-by-step.png";
    public static final String PRETEXT_TOP1_PLOT = "pretext-top1-by-step.png";
    public static final String PRETEXT_LOSS_PLOT = "loss-by-step.png";
    static final List<Integer> RECALL_KS = List.of(1, 5, 10, 20, 50);
    private static final String R1 = "retrieval.R@1";
    private static final String LINEAR = "linear.top1";
    private static final String BACKGROUND = "static_bias.background_top1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExperimentReport() {
    }

    public static ExperimentResult read(Path out) throws IOException {
        return MAPPER.readValue(out.resolve(JSON).toFile(), ExperimentResult.class);
    }

    public static void write(Path out, ExperimentResult result) throws IOException {
        Files.createDirectories(out);
        AtomicFiles.write(out.resolve(JSON), o -> MAPPER.writeValue(o, result));
        AtomicFiles.writeString(out.resolve(MARKDOWN), markdown(result));
        Map<Double, SeedStatistics> sweep = alphaSweep(result);
        if (sweep.size() > 1) {
            LinePlot.Builder alpha = LinePlot.builder().optTitle("S²VC (set to 0): R@1 against α (paper Fig. 3, left)")
                    .optXLabel("α").optYLabel("R@1 (%), mean over seeds");
            double[] x = sweep.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = sweep.values().stream().mapToDouble(s -> 100 * s.mean()).toArray();
            alpha.addSeries("S²VC (set to 0)", x, y);
            result.methods().stream().filter(m -> !m.sweepOnly() && m.alpha() == null).forEach(m -> {
                double level = 100 * r1(result, m.id()).mean();
                if (Double.isFinite(level)) {
                    alpha.addSeries(m.label(), new double[] {x[0], x[x.length - 1]}, new double[] {level, level});
                }
            });
            alpha.addSeries(chance(result, x[0], x[x.length - 1]));
            alpha.build().writePng(out.resolve(ALPHA_PLOT));
        }
        writeCurves(result, R1, "R@1 against training step (mean over seeds)", "R@1 (%)", 100, true,
                out.resolve(CURVE_PLOT));
        writeCurves(result, "pretext.top1", "Pretext top-1 (positive key ranked first among 1 + K) against step",
                "pretext top-1 (%), mean since the previous point", 100, false, out.resolve(PRETEXT_TOP1_PLOT));
        writeCurves(result, "pretext.loss", "InfoNCE loss against step (mean over seeds)",
                "loss, mean since the previous point", 1, false, out.resolve(PRETEXT_LOSS_PLOT));
    }

    /** One line per compared method: {@code metric} × {@code scale} against step, the mean over seeds. */
    private static void writeCurves(ExperimentResult result, String metric, String title, String yLabel, double scale,
            boolean withChance, Path png) throws IOException {
        LinePlot.Builder curves = LinePlot.builder().optTitle(title).optXLabel("step").optYLabel(yLabel);
        boolean any = false;
        for (ExperimentResult.MethodInfo m : result.methods()) {
            if (m.sweepOnly()) {
                continue;
            }
            TreeMap<Long, List<Double>> byStep = new TreeMap<>();
            for (RunResult run : result.runsOf(m.id())) {
                run.curve().stream().filter(p -> p.metrics().containsKey(metric)).forEach(p -> byStep
                        .computeIfAbsent(p.step(), k -> new ArrayList<>()).add(p.metrics().get(metric)));
            }
            if (byStep.size() > 0) {
                curves.addSeries(m.label(), byStep.keySet().stream().mapToDouble(Long::doubleValue).toArray(),
                        byStep.values().stream().mapToDouble(v -> scale * SeedStatistics.of(
                                v.stream().mapToDouble(Double::doubleValue).toArray()).mean()).toArray());
                any = true;
            }
        }
        if (any) {
            long lastStep = result.runs().stream().mapToLong(RunResult::steps).max().orElse(1);
            if (withChance) {
                curves.addSeries(chance(result, 0, lastStep));
            }
            curves.build().writePng(png);
        }
    }

    /** A flat line at the R@1 of features that say nothing. */
    private static Series chance(ExperimentResult r, double from, double to) {
        return new Series("chance", new double[] {from, to},
                new double[] {100 * r.chanceR1(), 100 * r.chanceR1()});
    }

    public static String markdown(ExperimentResult r) {
        StringBuilder md = new StringBuilder("# Scene-bias experiment: S²VC against MoCo\n\n");
        md.append("`").append(r.command()).append("`\n\n");
        md.append(String.format(Locale.ROOT, "Data: %s. Budget: %s per run, the same stream for every method "
                + "(%d training windows a pass, %d key view(s) per window made and suppressed once for all runs); "
                + "seeds %s; α = %s. Retrieval: %d test queries against the train gallery; chance R@1 = %.1f %%, "
                + "one query moves R@1 by %.1f points and its binomial standard error at chance is %.1f points. "
                + "Key views: %.0f s; whole experiment: %.1f min.%n%n",
                r.data(), r.budget(), r.trainWindows(), r.keyViewsPerWindow(), r.seeds(), Method.trim(r.alpha()),
                r.testQueries(), 100 * r.chanceR1(), r.testQueries() == 0 ? Double.NaN : 100.0 / r.testQueries(),
                r.testQueries() == 0 ? Double.NaN : 100 * Math.sqrt(r.chanceR1() * (1 - r.chanceR1()) / r.testQueries()),
                r.keyViewSeconds(), r.elapsedSeconds() / 60));
        md.append(verdictAndChecks(r));
        md.append("\n## Strategies for suppressing static cues (shaped like the paper's Table 4)\n\n");
        md.append("R@1: mean ± standard deviation over seeds, then the pooled value with its 95 % interval (two-level "
                + "bootstrap: seeds and test queries resampled). Δ R@1 is paired: method − MoCo with the same seed on the "
                + "same queries, at the last evaluation and averaged over the evaluation steps both share, with its "
                + "bootstrap interval; sig. = both that interval and a Student-t interval over the per-seed differences "
                + "exclude 0 (never with one seed). Only the verdict's comparison (S²VC set to 0 against MoCo) is "
                + "decided in advance; the other sig. marks are not corrected for the number of comparisons. "
                + "Background probe: linear accuracy of predicting the scene's texture family from "
                + "frozen features on the test split (static bias; lower = less scene information, chance "
                + "1/families). All in %.\n\n");
        md.append(strategyTable(r));
        Map<Double, SeedStatistics> sweep = alphaSweep(r);
        if (sweep.size() > 1) {
            md.append("\n## α sweep of S²VC (set to 0), like the paper's Fig. 3 (left)\n\n| α | suppressed | R@1 | "
                    + "R@1 [95 %] | linear top-1 | background probe |\n|---|---|---|---|---|---|\n");
            for (ExperimentResult.MethodInfo m : r.methods().stream().filter(m -> inSweep(r, m))
                    .sorted(java.util.Comparator.comparingDouble(ExperimentResult.MethodInfo::alpha)).toList()) {
                List<RunResult> runs = r.runsOf(m.id());
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %s |%n", Method.trim(m.alpha()),
                        100 * runs.stream().mapToDouble(RunResult::suppressedFraction).average().orElse(Double.NaN),
                        stat(runs, R1).percent(), percent(PairedComparison.r1(r, m.id())),
                        stat(runs, LINEAR).percent(), stat(runs, BACKGROUND).percent()));
            }
            md.append("\n![R@1 against α](").append(ALPHA_PLOT).append(")\n");
        }
        md.append("\n## R@1 over training (mean over seeds, %)\n\n").append(curveTable(r))
                .append("\n![R@1 against step](").append(CURVE_PLOT).append(")\n")
                .append("\nThe pretext beside it (mean over the steps since the previous point): ")
                .append("![pretext top-1 against step](").append(PRETEXT_TOP1_PLOT).append(") ")
                .append("![loss against step](").append(PRETEXT_LOSS_PLOT).append(")\n");
        return md.toString();
    }

    /** What the command prints: the verdict, the sanity checks, the strategy table and the R@1 curves. */
    public static String summary(ExperimentResult r) {
        return verdictAndChecks(r) + "\n## Strategies (%)\n\n" + strategyTable(r) + "\n## R@1 over training (mean over "
                + "seeds, %)\n\n" + curveTable(r);
    }

    /** The verdict and the sanity-check table, as Markdown. */
    public static String verdictAndChecks(ExperimentResult r) {
        Verdict verdict = Verdict.of(r);
        StringBuilder md = new StringBuilder("## Verdict\n\n").append(verdict.conclusion()).append("\n\n");
        md.append("## Sanity checks of the data set\n\n| Check | R@1 [95 % interval] | Required | Result |\n"
                + "|---|---|---|---|\n");
        for (Verdict.Check check : verdict.checks()) {
            md.append("| ").append(check.name()).append(" | ").append(check.r1().percent()).append(" | ")
                    .append(check.requirement()).append(" | ").append(check.result()).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "| Chance (features that say nothing) | %.1f | – | – |%n", 100 * r.chanceR1()));
        md.append(floorAndCeiling(r));
        return md.toString();
    }

    /**
     * The range every number lives in: the random-init encoder (step 0 of every run, R@1 pooled over runs) and the
     * supervised ceiling (labels, same encoder and crops; top-1 classification, not R@1).
     */
    static String floorAndCeiling(ExperimentResult r) {
        double[] floor = r.runs().stream().flatMap(run -> run.curve().stream()).filter(p -> p.step() == 0)
                .mapToDouble(p -> p.metrics().getOrDefault(R1, Double.NaN)).toArray();
        StringBuilder md = new StringBuilder("\n");
        if (floor.length > 0) {
            SeedStatistics at = SeedStatistics.of(floor);
            md.append(String.format(Locale.ROOT, "Floor: the random-init encoder (step 0) retrieves at R@1 %.1f %% "
                    + "(mean of %d runs, sd %.1f).%n", 100 * at.mean(), at.n(), 100 * at.sd()));
        }
        SupervisedCeiling.Result c = r.supervised();
        if (c != null) {
            md.append(String.format(Locale.ROOT, "Ceiling: the same encoder trained with labels on the same crops (%d "
                    + "steps, lr %.0e) classifies the test split at top-1 %.1f %% (train %.1f %%, chance %.1f %%).%n",
                    c.steps(), c.learningRate(), 100 * c.testTop1(), 100 * c.trainTop1(), 100 * c.chance()));
        }
        return md.toString();
    }

    /** The strategy comparison as a Markdown table. */
    public static String strategyTable(ExperimentResult r) {
        StringBuilder t = new StringBuilder();
        t.append("| Method | R@1 mean ± sd | R@1 [95 %] | Δ R@1 vs MoCo [95 %] | Δ over the curve [95 %] |");
        RECALL_KS.stream().skip(1).forEach(k -> t.append(" R@").append(k).append(" |"));
        t.append(" linear top-1 | background probe | suppressed | R@1 per seed |\n|---|---|---|---|---|");
        RECALL_KS.stream().skip(1).forEach(k -> t.append("---|"));
        t.append("---|---|---|---|\n");
        for (ExperimentResult.MethodInfo m : result(r)) {
            List<RunResult> runs = r.runsOf(m.id());
            t.append("| ").append(m.label()).append(" | ").append(r1(r, m.id()).percent()).append(" | ")
                    .append(percent(PairedComparison.r1(r, m.id()))).append(" | ")
                    .append(delta(r, m.id(), PairedComparison.Span.LAST)).append(" | ")
                    .append(delta(r, m.id(), PairedComparison.Span.CURVE)).append(" |");
            for (int k : RECALL_KS.subList(1, RECALL_KS.size())) {
                t.append(' ').append(stat(runs, "retrieval.R@" + k).percent()).append(" |");
            }
            t.append(' ').append(stat(runs, LINEAR).percent()).append(" | ").append(stat(runs, BACKGROUND).percent())
                    .append(" | ").append(m.strategy().equals(Method.PLAIN) || m.strategy().equals(Method.SCENE_ONLY)
                            ? "–" : String.format(Locale.ROOT, "%.1f",
                            100 * runs.stream().mapToDouble(RunResult::suppressedFraction).average().orElse(Double.NaN)))
                    .append(" | ");
            runs.forEach(run -> t.append(String.format(Locale.ROOT, "%.1f ", 100 * run.last(R1))));
            t.append("|\n");
        }
        return t.toString();
    }

    /** R@1 (mean over seeds) of each method at each evaluation step, as a Markdown table. */
    public static String curveTable(ExperimentResult r) {
        TreeMap<Long, Boolean> steps = new TreeMap<>();
        r.runs().forEach(run -> run.curve().forEach(p -> steps.put(p.step(), true)));
        StringBuilder t = new StringBuilder("| Method |");
        steps.keySet().forEach(step -> t.append(" step ").append(step).append(" |"));
        t.append("\n|---|");
        steps.keySet().forEach(step -> t.append("---|"));
        t.append('\n');
        for (ExperimentResult.MethodInfo m : result(r)) {
            t.append("| ").append(m.label()).append(" |");
            for (long step : steps.keySet()) {
                double[] values = r.runsOf(m.id()).stream().flatMap(run -> run.curve().stream())
                        .filter(p -> p.step() == step).mapToDouble(p -> p.metrics().getOrDefault(R1, Double.NaN)).toArray();
                SeedStatistics at = SeedStatistics.of(values);
                t.append(' ').append(at.n() == 0 ? "–" : String.format(Locale.ROOT, "%.1f", 100 * at.mean())).append(" |");
            }
            t.append('\n');
        }
        return t.toString();
    }

    private static String percent(Bootstrap.Interval interval) {
        return interval == null ? "–" : interval.percent();
    }

    /** The methods of the strategy table (not the extra α-sweep points). */
    private static List<ExperimentResult.MethodInfo> result(ExperimentResult r) {
        return r.methods().stream().filter(m -> !m.sweepOnly()).toList();
    }

    /** Mean R@1 over seeds of S²VC (set to 0) at each α that has runs, in α order. */
    static Map<Double, SeedStatistics> alphaSweep(ExperimentResult r) {
        Map<Double, SeedStatistics> sweep = new TreeMap<>();
        for (ExperimentResult.MethodInfo m : r.methods()) {
            if (inSweep(r, m)) {
                sweep.put(m.alpha(), r1(r, m.id()));
            }
        }
        return sweep;
    }

    /** S²VC (set to 0) at one of the sweep's α values, with runs. */
    private static boolean inSweep(ExperimentResult r, ExperimentResult.MethodInfo m) {
        return m.alpha() != null && m.strategy().equals("zero") && !r.runsOf(m.id()).isEmpty()
                && (m.sweepOnly() || r.alphas().contains(m.alpha()));
    }

    static SeedStatistics r1(ExperimentResult r, String methodId) {
        return stat(r.runsOf(methodId), R1);
    }

    private static SeedStatistics stat(List<RunResult> runs, String metric) {
        return SeedStatistics.of(runs.stream().mapToDouble(run -> run.last(metric)).toArray());
    }

    /** Paired difference of R@1 to the plain key view, "+5.2 [+1.0, +9.3] sig." ("–" for MoCo itself). */
    static String delta(ExperimentResult r, String methodId, PairedComparison.Span span) {
        if (methodId.equals(Method.MOCO_ID)) {
            return "–";
        }
        PairedComparison.Difference d = PairedComparison.delta(r, methodId, Method.MOCO_ID, span);
        return d == null ? "–" : d.text();
    }
}
