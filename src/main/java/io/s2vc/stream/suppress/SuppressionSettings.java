package io.s2vc.stream.suppress;

import io.s2vc.config.Config;
import io.s2vc.config.ConfigException;
import io.s2vc.flow.FlowModel;
import io.s2vc.suppress.SelectionMode;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionStrategy;
import java.io.Serializable;
import java.util.Locale;

/** The {@code suppress.*} and {@code flow.*} settings that a suppression operator needs on a TaskManager. */
public record SuppressionSettings(String strategyName, double alpha, String modeName, double tfdKeep, boolean keepResidual, long seed,
        String flowWeights, String flowArch, String device) implements Serializable {

    public static final String NONE = "none";

    /** @param flowWeights the flow to use when {@code flow.weights} is empty (e.g. the pre-trained one) */
    public static SuppressionSettings from(Config c, String flowWeights) {
        String strategy = c.getChoice("suppress.strategy", NONE, "zero", "noise", "shuffle-clip", "shuffle-frame", "tfd");
        String weights = c.getString("flow.weights").isBlank() ? flowWeights : c.getString("flow.weights");
        SuppressionSettings s = new SuppressionSettings(strategy, c.getDouble("suppress.alpha", 0, 1e6),
                c.getChoice("suppress.mode", "threshold", "top"), c.getDouble("suppress.tfd_keep", 0, 1),
                c.getBoolean("suppress.keep_residual"),
                c.getLong("seed"), weights, c.getString("flow.arch"), c.getChoice("device", "auto", "cpu", "gpu"));
        if (s.enabled() && s.strategy().usesFlow() && (weights == null || weights.isBlank())) {
            throw new ConfigException("suppress.strategy=" + strategy + " needs a flow: set flow.weights or run flow-pretrain");
        }
        return s;
    }

    public boolean enabled() {
        return !NONE.equals(strategyName);
    }

    public SuppressionStrategy strategy() {
        return SuppressionStrategy.valueOf(strategyName.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public SelectionMode mode() {
        return SelectionMode.valueOf(modeName.toUpperCase(Locale.ROOT));
    }

    /** The suppressor of these settings around {@code flow} (null for tfd). */
    public StaticCueSuppressor suppressor(FlowModel flow) {
        var builder = StaticCueSuppressor.builder()
                .optAlpha(alpha).optMode(mode()).optStrategy(strategy()).optTfdKeepFraction(tfdKeep).optKeepResidual(keepResidual).optSeed(seed);
        if (flow != null) {
            builder.setFlow(flow);
        }
        return builder.build();
    }
}
