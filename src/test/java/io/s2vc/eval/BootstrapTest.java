package io.s2vc.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The bootstrap intervals on examples whose answer is known in closed form. */
class BootstrapTest {

    /** n queries of which the first {@code hits} scored. */
    private static double[] hits(int hits, int n) {
        double[] values = new double[n];
        Arrays.fill(values, 0, hits, 1);
        return values;
    }

    @Test
    void anR1Of30OutOf100HasTheBinomialInterval() {
        Bootstrap.Interval interval = Bootstrap.mean(hits(30, 100), 0);
        // normal approximation: 0.30 ± 1.96·sqrt(0.3·0.7/100) = [0.210, 0.390]
        assertEquals(0.30, interval.estimate(), 1e-12);
        assertEquals(0.21, interval.low(), 0.015);
        assertEquals(0.39, interval.high(), 0.015);
        assertEquals("30.0 [" + String.format(java.util.Locale.ROOT, "%.1f", 100 * interval.low()) + ", "
                + String.format(java.util.Locale.ROOT, "%.1f", 100 * interval.high()) + "]", interval.percent());
    }

    @Test
    void moreQueriesGiveANarrowerIntervalAndTheSameSeedTheSameOne() {
        Bootstrap.Interval small = Bootstrap.mean(hits(12, 40), 1);
        Bootstrap.Interval large = Bootstrap.mean(hits(120, 400), 1);
        double ratio = (small.high() - small.low()) / (large.high() - large.low());
        assertEquals(Math.sqrt(10), ratio, 0.5, "width shrinks as 1/sqrt(n)");
        assertEquals(small, Bootstrap.mean(hits(12, 40), 1));
    }

    @Test
    void aConstantHasNoSpreadAndAPairedDifferenceOfIdenticalModelsIsZero() {
        Bootstrap.Interval all = Bootstrap.mean(hits(50, 50), 0);
        assertEquals(new Bootstrap.Interval(1, 1, 1), all);
        Bootstrap.Interval none = Bootstrap.mean(new double[][] {new double[20], new double[20]}, 0);
        assertEquals(0, none.low());
        assertEquals(0, none.high());
        assertFalse(none.excludesZero(), "no difference is not significant");
    }

    @Test
    void aClearPairedGainIsSignificant() {
        // per query: method − baseline ∈ {+1, 0}; 40 of 100 queries gained, none lost
        Bootstrap.Interval gain = Bootstrap.mean(hits(40, 100), 0);
        assertTrue(gain.excludesZero() && gain.low() > 0.25, gain.toString());
        assertEquals("+40.0 [" + String.format(java.util.Locale.ROOT, "%+.1f", 100 * gain.low()) + ", "
                + String.format(java.util.Locale.ROOT, "%+.1f", 100 * gain.high()) + "]", gain.signedPercent());
    }

    @Test
    void seedsThatDisagreeWidenTheIntervalBeyondTheQueriesAlone() {
        // two seeds with R@1 0.1 and 0.5 on 200 queries: pooled 0.3
        double[][] seeds = {hits(20, 200), hits(100, 200)};
        Bootstrap.Interval twoLevel = Bootstrap.mean(seeds, 0);
        double[] pooled = new double[400];
        System.arraycopy(seeds[0], 0, pooled, 0, 200);
        System.arraycopy(seeds[1], 0, pooled, 200, 200);
        Bootstrap.Interval queriesOnly = Bootstrap.mean(pooled, 0);
        assertEquals(0.3, twoLevel.estimate(), 1e-12);
        assertTrue(twoLevel.high() - twoLevel.low() > 2 * (queriesOnly.high() - queriesOnly.low()),
                twoLevel + " vs " + queriesOnly);
        assertTrue(twoLevel.low() <= 0.12 && twoLevel.high() >= 0.48, "either seed alone is a possible draw: " + twoLevel);
    }

    @Test
    void severalMeansOverTheSameQueriesShareOneSetOfDraws() {
        java.util.List<Bootstrap.Interval> both = Bootstrap.meansOverQueries(java.util.List.of(hits(30, 100),
                hits(60, 100)), 4);
        assertEquals(Bootstrap.mean(hits(30, 100), 4), both.get(0), "the same draws as one bootstrap alone");
        assertEquals(Bootstrap.mean(hits(60, 100), 4), both.get(1));
        assertThrows(IllegalArgumentException.class,
                () -> Bootstrap.meansOverQueries(java.util.List.of(hits(1, 10), hits(1, 12)), 0));
    }

    @Test
    void raggedOrEmptyInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.mean(new double[][] {{1, 0}, {1}}, 0));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.mean(new double[0], 0));
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {0, 1, 2, 3, 4};
        assertEquals(0, Bootstrap.quantile(sorted, 0));
        assertEquals(1.5, Bootstrap.quantile(sorted, 0.375), 1e-12);
        assertEquals(4, Bootstrap.quantile(sorted, 1));
    }
}
