package io.s2vc.experiment;

import io.s2vc.eval.Bootstrap;
import io.s2vc.eval.Retrieval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Intervals of an experiment's R@1 from the recorded per-query ranks: a method's R@1 over seeds and queries,
 * and the paired difference between two methods over the seeds both ran (same seed = same model
 * initialisation, data order and query views) and the same queries. Either at the last evaluation or
 * averaged over the curve: the evaluation steps both paired runs share, each counted once, so that a
 * method's curve, not one point, is compared. Null when the ranks were not recorded.
 *
 * <p>A difference gets two intervals: the two-level bootstrap of {@link Bootstrap} (seeds and queries), and a
 * Student-t interval over the per-seed mean differences, which does not understate the spread between a few
 * seeds as a bootstrap over three of them does. It is significant only when both exclude 0, and never with
 * one seed (training randomness would be untested).
 */
final class PairedComparison {
    /** Replicates are drawn from this seed, so a report is reproducible. */
    static final long BOOTSTRAP_SEED = 0;

    /** Which evaluations of a run a per-query value comes from. */
    enum Span {
        /** The last evaluation. */
        LAST,
        /** The mean over the evaluation steps the compared runs share. */
        CURVE
    }

    /**
     * A paired difference.
     *
     * @param bootstrap the two-level bootstrap interval (seeds and queries)
     * @param seedT the Student-t interval over the per-seed mean differences (null with one seed)
     * @param seeds how many seeds both methods ran
     */
    record Difference(Bootstrap.Interval bootstrap, Bootstrap.Interval seedT, int seeds) {
        /** Both intervals exclude 0, in the same direction, over at least two seeds. */
        boolean significant() {
            return seedT != null && bootstrap.excludesZero() && seedT.excludesZero()
                    && Math.signum(bootstrap.low()) == Math.signum(seedT.low());
        }

        /** "+3.5 [-1.9, +9.0] n.s." with the bootstrap interval. */
        String text() {
            return bootstrap.signedPercent() + (significant() ? " sig." : " n.s.");
        }
    }

    private PairedComparison() {
    }

    /** R@1 of a method, pooled over its seeds, with its two-level interval; null without ranks. */
    static Bootstrap.Interval r1(ExperimentResult r, String methodId) {
        List<double[]> rows = new ArrayList<>();
        for (RunResult run : r.runsOf(methodId)) {
            double[] hits = hits(run, lastStep(run));
            if (hits == null) {
                return null;
            }
            rows.add(hits);
        }
        return rows.isEmpty() ? null : Bootstrap.mean(rows.toArray(double[][]::new), BOOTSTRAP_SEED);
    }

    /** R@1 of {@code methodId} minus that of {@code baselineId}, paired by seed and query; null without ranks. */
    static Difference delta(ExperimentResult r, String methodId, String baselineId, Span span) {
        Map<Long, RunResult> baseline = new LinkedHashMap<>();
        r.runsOf(baselineId).forEach(run -> baseline.put(run.seed(), run));
        List<double[]> rows = new ArrayList<>();
        for (RunResult run : r.runsOf(methodId)) {
            RunResult other = baseline.get(run.seed());
            if (other == null) {
                continue;
            }
            Set<Long> steps = span == Span.LAST ? null : sharedSteps(run, other);
            double[] a = span == Span.LAST ? hits(run, lastStep(run)) : hits(run, steps);
            double[] b = span == Span.LAST ? hits(other, lastStep(other)) : hits(other, steps);
            if (a == null || b == null || a.length != b.length) {
                return null;
            }
            double[] difference = new double[a.length];
            for (int q = 0; q < a.length; q++) {
                difference[q] = a[q] - b[q];
            }
            rows.add(difference);
        }
        if (rows.isEmpty()) {
            return null;
        }
        double[][] values = rows.toArray(double[][]::new);
        return new Difference(Bootstrap.mean(values, BOOTSTRAP_SEED), seedT(values), values.length);
    }

    /** The 95 % Student-t interval of the mean over seeds of each seed's mean difference; null for one seed. */
    static Bootstrap.Interval seedT(double[][] values) {
        double[] perSeed = new double[values.length];
        for (int s = 0; s < values.length; s++) {
            perSeed[s] = java.util.Arrays.stream(values[s]).average().orElse(Double.NaN);
        }
        SeedStatistics stats = SeedStatistics.of(perSeed);
        if (stats.n() < 2) {
            return null;
        }
        double half = StudentT.quantile975(stats.n() - 1) * stats.sd() / Math.sqrt(stats.n());
        return new Bootstrap.Interval(stats.mean(), stats.mean() - half, stats.mean() + half);
    }

    private static Set<Long> lastStep(RunResult run) {
        return run.curve().isEmpty() ? Set.of() : Set.of(run.curve().get(run.curve().size() - 1).step());
    }

    /** The evaluation steps both runs have. */
    private static Set<Long> sharedSteps(RunResult a, RunResult b) {
        Set<Long> steps = new TreeSet<>();
        a.curve().forEach(p -> steps.add(p.step()));
        Set<Long> other = new TreeSet<>();
        b.curve().forEach(p -> other.add(p.step()));
        steps.retainAll(other);
        return steps;
    }

    /**
     * Per query, the hit at R@1 averaged over the run's evaluations at {@code steps} (one per step, the later
     * if a step was evaluated twice); null without ranks, or when no evaluation is at those steps.
     */
    static double[] hits(RunResult run, Set<Long> steps) {
        Map<Long, RunResult.Point> byStep = new TreeMap<>();
        run.curve().stream().filter(p -> steps.contains(p.step())).forEach(p -> byStep.put(p.step(), p));
        double[] mean = null;
        for (RunResult.Point point : byStep.values()) {
            if (point.ranks() == null || (mean != null && point.ranks().length != mean.length)) {
                return null;
            }
            double[] hits = Retrieval.hitsAt(point.ranks(), 1);
            if (mean == null) {
                mean = new double[hits.length];
            }
            for (int q = 0; q < hits.length; q++) {
                mean[q] += hits[q] / byStep.size();
            }
        }
        return mean;
    }
}
