package io.s2vc.experiment;

import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionStrategy;
import java.util.Locale;

/**
 * One way of making the key view that the experiment compares: the plain key view (MoCo), a latent
 * strategy of S²VC at a threshold α, or the pixel-space TFD baseline.
 *
 * @param strategy null for the plain key view
 * @param alpha the threshold of a latent strategy (NaN otherwise)
 */
public record Method(String id, SuppressionStrategy strategy, double alpha) {
    /** The configuration's name of the plain key view (suppress.strategy=none). */
    public static final String PLAIN = "none";

    /** @param name none, zero, noise, shuffle-clip, shuffle-frame or tfd */
    public static Method of(String name, double alpha) {
        if (name.equals(PLAIN)) {
            return new Method("moco", null, Double.NaN);
        }
        SuppressionStrategy strategy;
        try {
            strategy = SuppressionStrategy.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown method '" + name
                    + "': use none, zero, noise, shuffle-clip, shuffle-frame or tfd");
        }
        return strategy.usesFlow() ? new Method(name + "@" + alpha, strategy, alpha) : new Method(name, strategy, Double.NaN);
    }

    public boolean suppresses() {
        return strategy != null;
    }

    public boolean usesFlow() {
        return strategy != null && strategy.usesFlow();
    }

    /** The variant a shared-encoding suppressor runs for this method. */
    public StaticCueSuppressor.Variant variant() {
        return new StaticCueSuppressor.Variant(strategy, usesFlow() ? alpha : 0);
    }

    /** The row name of the paper's Table 4. */
    public String label() {
        if (strategy == null) {
            return "MoCo (plain key view)";
        }
        String a = String.format(Locale.ROOT, ", α = %s", trim(alpha));
        return switch (strategy) {
            case ZERO -> "S²VC (set to 0" + a + ")";
            case NOISE -> "S²VC (set to random noise" + a + ")";
            case SHUFFLE_CLIP -> "S²VC (shuffle - in clip" + a + ")";
            case SHUFFLE_FRAME -> "S²VC (shuffle - in frame" + a + ")";
            case TFD -> "TFD";
        };
    }

    static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
