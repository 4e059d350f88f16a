package io.s2vc.experiment;

import java.util.List;
import java.util.Map;

/**
 * One method trained with one seed: its evaluations along the way (R@1 against step) and the last one.
 *
 * @param method the {@link Method#id()}
 * @param trainSeconds time spent in training steps only (not evaluation, not view making)
 * @param suppressedFraction mean share of latents (pixel values for TFD) the key views had suppressed
 */
public record RunResult(String method, long seed, long steps, long pairs, double trainSeconds,
        double suppressedFraction, List<Point> curve) {

    /**
     * One evaluation of the run's model at {@code step}.
     *
     * @param ranks per test query, the rank of its first same-class gallery video (null in results written
     *     before they were recorded): what intervals and paired comparisons are computed from
     */
    public record Point(long step, Double loss, Map<String, Double> metrics, int[] ranks) {
    }

    public RunResult {
        curve = List.copyOf(curve);
    }

    /** The metrics of the last evaluation. */
    public Map<String, Double> last() {
        return curve.isEmpty() ? Map.of() : curve.get(curve.size() - 1).metrics();
    }

    /** The query ranks of the last evaluation, or null when they were not recorded. */
    public int[] lastRanks() {
        return curve.isEmpty() ? null : curve.get(curve.size() - 1).ranks();
    }

    /** A metric of the last evaluation, NaN when it was not measured. */
    public double last(String metric) {
        Double v = last().get(metric);
        return v == null ? Double.NaN : v;
    }
}
