package io.s2vc.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap 95 % confidence intervals for a mean of per-query values: a query's hit at R@k, or
 * the difference between two models' hits on the same query (a paired comparison).
 *
 * <p>With several seeds the bootstrap has two crossed levels: each replicate draws the seeds with
 * replacement and, independently, the queries with replacement, and averages the chosen (seed, query)
 * cells. The interval then reflects both the training run's randomness and the finite set of test queries;
 * with one seed it is the ordinary bootstrap over queries. Replicates are drawn from a fixed seed, so an
 * interval is reproducible.
 */
public final class Bootstrap {
    /** Replicates per interval: the 2.5 % and 97.5 % quantiles move by well under a query at this count. */
    public static final int RESAMPLES = 10_000;
    /** Coverage of the intervals. */
    public static final double LEVEL = 0.95;

    private Bootstrap() {
    }

    /** A mean and its confidence interval. */
    public record Interval(double estimate, double low, double high) {
        /** Whether the interval lies wholly above or wholly below 0 (a significant difference). */
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }

        /** "11.9 [7.5, 17.5]" in percent. */
        public String percent() {
            return Double.isNaN(estimate) ? "–" : String.format(java.util.Locale.ROOT, "%.1f [%.1f, %.1f]",
                    100 * estimate, 100 * low, 100 * high);
        }

        /** "+2.5 [-1.9, 6.9]" in percentage points. */
        public String signedPercent() {
            return Double.isNaN(estimate) ? "–" : String.format(java.util.Locale.ROOT, "%+.1f [%+.1f, %+.1f]",
                    100 * estimate, 100 * low, 100 * high);
        }
    }

    /** The interval of the mean of {@code perQuery}, resampling queries. */
    public static Interval mean(double[] perQuery, long seed) {
        return mean(new double[][] {perQuery}, seed);
    }

    /**
     * The interval of the mean over seeds and queries of {@code values[seed][query]}, resampling both seeds
     * and queries (every row holds the same queries in the same order).
     */
    public static Interval mean(double[][] values, long seed) {
        return means(java.util.Collections.singletonList(values), seed).get(0);
    }

    /**
     * The intervals of several means over the same queries (e.g. R@1 … R@50 of one evaluation,
     * {@code series.get(i)[query]}), from one set of query draws: the work of one bootstrap, not one each.
     */
    public static List<Interval> meansOverQueries(List<double[]> series, long seed) {
        return means(series.stream().map(values -> new double[][] {values}).toList(), seed);
    }

    /** The intervals of each {@code series.get(i)[seed][query]}, all from the same draws of seeds and queries. */
    private static List<Interval> means(List<double[][]> series, long seed) {
        int seeds = series.get(0).length;
        if (seeds == 0 || series.get(0)[0].length == 0) {
            throw new IllegalArgumentException("a bootstrap needs at least one seed and one query");
        }
        int queries = series.get(0)[0].length;
        for (double[][] values : series) {
            if (values.length != seeds) {
                throw new IllegalArgumentException("every series must hold the same " + seeds + " seeds");
            }
            for (double[] row : values) {
                if (row.length != queries) {
                    throw new IllegalArgumentException("every seed must hold the same " + queries + " queries, got "
                            + row.length);
                }
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] replicates = new double[series.size()][RESAMPLES];
        int[] seedDraw = new int[seeds];
        int[] queryDraw = new int[queries];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int s = 0; s < seeds; s++) {
                seedDraw[s] = seeds == 1 ? 0 : random.nextInt(seeds);
            }
            for (int q = 0; q < queries; q++) {
                queryDraw[q] = random.nextInt(queries);
            }
            for (int i = 0; i < series.size(); i++) {
                double sum = 0;
                for (int s : seedDraw) {
                    double[] row = series.get(i)[s];
                    for (int q : queryDraw) {
                        sum += row[q];
                    }
                }
                replicates[i][r] = sum / ((double) seeds * queries);
            }
        }
        double tail = (1 - LEVEL) / 2;
        List<Interval> intervals = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            double estimate = Arrays.stream(series.get(i)).flatMapToDouble(Arrays::stream).average().orElseThrow();
            Arrays.sort(replicates[i]);
            intervals.add(new Interval(estimate, quantile(replicates[i], tail), quantile(replicates[i], 1 - tail)));
        }
        return intervals;
    }

    /** The p-quantile of sorted values, interpolating between order statistics. */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
