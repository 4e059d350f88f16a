package io.s2vc.cli;

import io.s2vc.config.Config;
import io.s2vc.eval.EvalReports;
import io.s2vc.eval.EvalSettings;
import io.s2vc.eval.Evaluation;
import io.s2vc.eval.Evaluator;
import io.s2vc.stream.train.CheckpointStore;
import io.s2vc.train.CorruptCheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate one model checkpoint with the paper's protocols (nearest-neighbour retrieval R@1-50, "
                + "linear probe, natural-vs-shuffled temporal order, static bias on the synthetic set) and write "
                + "report.json, report.md and plots.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    EvalOptions eval;

    @Option(names = "--checkpoint", paramLabel = "PATH", required = true,
            description = "A model checkpoint folder (step-NNNNNNNNNN, with manifest.json) or its URI.")
    String checkpoint;

    @Override
    public Integer call() throws Exception {
        Config config = common.config();
        Path data = eval.checkedData(config, common.work());
        Path scratch = Files.createTempDirectory("s2vc-eval-");
        Path local;
        try {
            local = CheckpointStore.fetch(CheckpointStore.toUri(checkpoint), scratch);
        } catch (CorruptCheckpointException e) {
            throw new UserException(e.getMessage());
        }
        Path out = eval.out(common.work());
        try (Evaluator evaluator = new Evaluator(EvalSettings.from(config), data, EvalOptions.cache(common.work()))
                .withProgress(message -> System.err.print("\r\033[K" + message))) {
            Evaluation evaluation = evaluator.evaluate(local);
            System.err.print("\r\033[K");
            EvalReports.write(out, evaluation);
            System.out.println("step " + evaluation.step() + " of run " + evaluation.runId() + " on " + evaluation.dataset());
            for (Map.Entry<String, Double> metric : evaluation.metrics().entrySet()) {
                System.out.printf(Locale.ROOT, "  %-32s %.4f%n", metric.getKey(), metric.getValue());
            }
            System.out.println("report: " + out.resolve(EvalReports.MARKDOWN));
        }
        return 0;
    }
}
