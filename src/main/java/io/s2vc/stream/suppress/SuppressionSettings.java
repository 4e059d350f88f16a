package io.s2vc.stream.suppress;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.config.ConfigException;
import io.s2vc.config.DeviceChoice;
import io.s2vc.flow.FlowModel;
import io.s2vc.suppress.SelectionMode;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionStrategy;
import java.io.Serializable;

/**
 * The {@code suppress.*} and {@code flow.*} settings that a suppression operator needs on a TaskManager, typed.
 *
 * @param strategy how static latents are suppressed; null for none (the plain MoCo key view)
 */
public record SuppressionSettings(SuppressionStrategy strategy, double alpha, SelectionMode mode, double tfdKeep,
        boolean keepResidual, long seed, String flowWeights, String flowArch, DeviceChoice device) implements Serializable {

    /** @param flowWeights the flow to use when {@code flow.weights} is empty (e.g. the pre-trained one) */
    public static SuppressionSettings from(Config c, String flowWeights) {
        SuppressionStrategy strategy = strategy(c);
        String weights = c.get(Catalogue.FLOW_WEIGHTS).isBlank() ? flowWeights : c.get(Catalogue.FLOW_WEIGHTS);
        if (needsFlow(c) && (weights == null || weights.isBlank())) {
            throw new ConfigException("suppress.strategy=" + strategy.id() + " needs a flow: set flow.weights or run "
                    + "flow-pretrain");
        }
        return new SuppressionSettings(strategy, c.get(Catalogue.SUPPRESS_ALPHA), c.get(Catalogue.SUPPRESS_MODE),
                c.get(Catalogue.SUPPRESS_TFD_KEEP), c.get(Catalogue.SUPPRESS_KEEP_RESIDUAL), c.get(Catalogue.SEED), weights,
                c.get(Catalogue.FLOW_ARCH), c.get(Catalogue.DEVICE));
    }

    /** The configured strategy, null for none. */
    private static SuppressionStrategy strategy(Config c) {
        String word = c.get(Catalogue.SUPPRESS_STRATEGY);
        return word.equals(Catalogue.NO_SUPPRESSION) ? null : SuppressionStrategy.fromId(word);
    }

    /** Whether the configured suppression works on flow latents (so a flow must be at hand). */
    public static boolean needsFlow(Config c) {
        SuppressionStrategy strategy = strategy(c);
        return strategy != null && strategy.usesFlow();
    }

    public boolean enabled() {
        return strategy != null;
    }

    /** The strategy's word in records and reports: none or {@link SuppressionStrategy#id()}. */
    public String strategyName() {
        return strategy == null ? Catalogue.NO_SUPPRESSION : strategy.id();
    }

    /** The suppressor of these settings around {@code flow} (null for tfd). */
    public StaticCueSuppressor suppressor(FlowModel flow) {
        var builder = StaticCueSuppressor.builder()
                .optAlpha(alpha).optMode(mode).optStrategy(strategy).optTfdKeepFraction(tfdKeep).optKeepResidual(keepResidual).optSeed(seed);
        if (flow != null) {
            builder.setFlow(flow);
        }
        return builder.build();
    }
}
