package io.s2vc.cli;

import io.s2vc.config.Config;
import io.s2vc.flow.pretrain.PretrainFolder;
import io.s2vc.stream.suppress.SuppressionSettings;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where commands find the flow: {@code flow.weights} when set, else what flow-pretrain wrote in the work folder. */
final class PretrainedFlow {
    private PretrainedFlow() {
    }

    /** The weights flow-pretrain writes for the configured architecture: WORK/flow/ARCH/flow.npz. */
    static Path defaultWeights(Config config, Path work) {
        return work.resolve("flow").resolve(config.getString("flow.arch")).resolve(PretrainFolder.WEIGHTS);
    }

    /** The suppression the configuration asks for, with the flow it needs. */
    static SuppressionSettings suppression(Config config, Path work) {
        String strategy = config.getString("suppress.strategy");
        boolean needsFlow = !strategy.equals(SuppressionSettings.NONE) && !strategy.equals("tfd");
        return SuppressionSettings.from(config, needsFlow ? weights(config, work).toString() : "");
    }

    /** The configured weights, else the pre-trained ones, else a clear error. */
    static Path weights(Config config, Path work) {
        String configured = config.getString("flow.weights");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        Path pretrained = defaultWeights(config, work);
        if (!Files.isRegularFile(pretrained)) {
            throw new UserException("no flow weights: pass --weights FILE.npz, --set flow.weights=FILE.npz, or run "
                    + "'s2vc flow-pretrain' first (it writes " + pretrained + ")");
        }
        return pretrained;
    }
}
