package io.s2vc.experiment;

import io.s2vc.eval.Bootstrap;
import io.s2vc.eval.Retrieval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Intervals of an experiment's R@1 from the recorded per-query ranks: a method's R@1 over seeds and queries,
 * and the paired difference between two methods over the seeds both ran (same seed = same model
 * initialisation, data order and query views) and the same queries, both with the two-level bootstrap of
 * {@link Bootstrap}. Either at the last evaluation or averaged over the curve (every evaluation along the
 * way, so that a method's curve, not one point, is compared). Null when the ranks were not recorded.
 */
final class PairedComparison {
    /** Replicates are drawn from this seed, so a report is reproducible. */
    static final long BOOTSTRAP_SEED = 0;

    /** Which evaluations of a run a per-query value comes from. */
    enum Span {
        /** The last evaluation. */
        LAST,
        /** The mean over every evaluation of the run. */
        CURVE
    }

    private PairedComparison() {
    }

    /** R@1 of a method, pooled over its seeds, with its interval. */
    static Bootstrap.Interval r1(ExperimentResult r, String methodId, Span span) {
        List<double[]> rows = new ArrayList<>();
        for (RunResult run : r.runsOf(methodId)) {
            double[] hits = hits(run, span);
            if (hits == null) {
                return null;
            }
            rows.add(hits);
        }
        return rows.isEmpty() ? null : Bootstrap.mean(rows.toArray(double[][]::new), BOOTSTRAP_SEED);
    }

    /** R@1 of {@code methodId} minus that of {@code baselineId}, paired by seed and query, with its interval. */
    static Bootstrap.Interval delta(ExperimentResult r, String methodId, String baselineId, Span span) {
        Map<Long, RunResult> baseline = r.runsOf(baselineId).stream()
                .collect(Collectors.toMap(RunResult::seed, Function.identity()));
        List<double[]> rows = new ArrayList<>();
        for (RunResult run : r.runsOf(methodId)) {
            RunResult other = baseline.get(run.seed());
            if (other == null) {
                continue;
            }
            double[] a = hits(run, span);
            double[] b = hits(other, span);
            if (a == null || b == null || a.length != b.length) {
                return null;
            }
            double[] difference = new double[a.length];
            for (int q = 0; q < a.length; q++) {
                difference[q] = a[q] - b[q];
            }
            rows.add(difference);
        }
        return rows.isEmpty() ? null : Bootstrap.mean(rows.toArray(double[][]::new), BOOTSTRAP_SEED);
    }

    /** Per query, the hit at R@1 of the last evaluation or its mean over the curve; null without ranks. */
    static double[] hits(RunResult run, Span span) {
        List<RunResult.Point> points = span == Span.LAST
                ? (run.curve().isEmpty() ? List.of() : List.of(run.curve().get(run.curve().size() - 1))) : run.curve();
        double[] mean = null;
        for (RunResult.Point point : points) {
            if (point.ranks() == null) {
                return null;
            }
            double[] hits = Retrieval.hitsAt(point.ranks(), 1);
            if (mean == null) {
                mean = new double[hits.length];
            }
            for (int q = 0; q < hits.length; q++) {
                mean[q] += hits[q] / points.size();
            }
        }
        return mean;
    }
}
