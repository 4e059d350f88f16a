package io.s2vc.experiment;

import java.util.Arrays;

/** Mean and sample standard deviation over seeds, NaN values left out. */
record SeedStatistics(int n, double mean, double sd) {

    static SeedStatistics of(double... values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        int n = finite.length;
        if (n == 0) {
            return new SeedStatistics(0, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(finite).average().orElseThrow();
        double ss = Arrays.stream(finite).map(v -> (v - mean) * (v - mean)).sum();
        return new SeedStatistics(n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN);
    }

    /** "31.2 ± 4.1" in percent (no ± for a single seed). */
    String percent() {
        if (n == 0) {
            return "–";
        }
        return Double.isNaN(sd) ? String.format(java.util.Locale.ROOT, "%.1f", 100 * mean)
                : String.format(java.util.Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * sd);
    }
}
