package io.s2vc.cli;

import io.s2vc.config.Config;
import io.s2vc.stream.evaluate.EvaluateJob;
import io.s2vc.stream.runtime.Platform;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Run the Flink job 'evaluate': every model checkpoint announced on s2vc.checkpoints is "
                + "evaluated on the labelled data set; reports go to s2vc.metrics and the report folder. "
                + "Unbounded unless bounded.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    BoundOptions bounds;

    @Mixin
    EvalOptions eval;

    @Override
    public Integer call() throws Exception {
        Config config = common.config();
        Path data = eval.checkedData(config, common.work());
        Path out = eval.out(common.work());
        try (Platform platform = common.platform()) {
            var kafka = platform.kafka();
            System.err.println("Flink web UI: " + platform.flink().webAddress() + "; reports in " + out);
            platform.jobRunner().run(EvaluateJob.NAME, kafka.topics().checkpoints(), EvaluateJob.groupId(config),
                    bounds.bound(), (env, stopping) -> EvaluateJob.build(env, config, kafka, stopping, data.toString(),
                            EvalOptions.cache(common.work()).toString(), out.toString()));
            System.out.println("evaluate finished; reports in " + out);
        }
        return 0;
    }
}
