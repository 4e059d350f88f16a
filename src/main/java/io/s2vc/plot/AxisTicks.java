package io.s2vc.plot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Nice" axis ticks: a step of 1, 2 or 5 × 10^k chosen so that about {@code target} ticks cover the
 * range, and the axis extended to whole steps, so labels read 0, 0.5, 1 … rather than 0.37, 0.74 ….
 *
 * @param low the axis start (a multiple of step)
 * @param high the axis end (a multiple of step)
 * @param step the distance between ticks
 */
record AxisTicks(double low, double high, double step) {

    static AxisTicks covering(double min, double max, int target) {
        if (!(max > min)) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double rough = (max - min) / Math.max(1, target);
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        double step = nice * magnitude;
        return new AxisTicks(Math.floor(min / step) * step, Math.ceil(max / step) * step, step);
    }

    List<Double> values() {
        List<Double> values = new ArrayList<>();
        long count = Math.round((high - low) / step);
        for (long i = 0; i <= count; i++) {
            values.add(low + i * step);
        }
        return values;
    }

    /** A tick label with as many decimals as the step needs, no more (no "0.30000000000000004"). */
    String label(double value) {
        int decimals = Math.max(0, BigDecimal.valueOf(step).stripTrailingZeros().scale());
        if (Math.abs(value) < step * 1e-9) {
            value = 0;
        }
        double magnitude = Math.max(Math.abs(low), Math.abs(high));
        if (magnitude >= 1e6 || (magnitude > 0 && magnitude < 1e-3)) {
            return String.format(Locale.ROOT, "%.2g", value);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
