package io.s2vc.cli;

import io.s2vc.config.Catalogue;
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
        return work.resolve("flow").resolve(config.get(Catalogue.FLOW_ARCH)).resolve(PretrainFolder.WEIGHTS);
    }

    /** The suppression the configuration asks for, with the flow it needs. */
    static SuppressionSettings suppression(Config config, Path work) {
        return SuppressionSettings.from(config, SuppressionSettings.needsFlow(config) ? weights(config, work).toString() : "");
    }

    /** The configured weights, else the pre-trained ones, else a clear error. */
    static Path weights(Config config, Path work) {
        String configured = config.get(Catalogue.FLOW_WEIGHTS);
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

    /**
     * Pre-trains the configured flow (the command {@code flow-pretrain} with the same options) when the
     * configured suppression needs one and none is there yet.
     *
     * @param data the data set to pre-train on; null for the synthetic set
     */
    static void ensure(Config config, CommonOptions common, Path data) {
        if (SuppressionSettings.needsFlow(config)) {
            pretrainIfAbsent(config, common, data);
        }
    }

    /** Pre-trains the configured flow unless flow.weights names one or flow-pretrain already wrote it. */
    static void pretrainIfAbsent(Config config, CommonOptions common, Path data) {
        if (!config.get(Catalogue.FLOW_WEIGHTS).isBlank() || Files.isRegularFile(defaultWeights(config, common.work()))) {
            return;
        }
        System.err.println("no pre-trained flow in " + defaultWeights(config, common.work())
                + ": pre-training the " + config.get(Catalogue.FLOW_ARCH) + " flow first (s2vc flow-pretrain)");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("flow-pretrain"));
        args.addAll(common.asArguments());
        if (data != null) {
            args.addAll(java.util.List.of("--data", data.toString()));
        }
        int code = Main.execute(args.toArray(String[]::new));
        if (code != 0) {
            throw new UserException("flow pre-training failed (exit " + code + ")");
        }
    }
}
