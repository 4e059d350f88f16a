package io.s2vc.cli;

import io.s2vc.stream.augment.AugmentJob;
import io.s2vc.stream.runtime.Platform;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "augment", mixinStandardHelpOptions = true,
        description = "Run the Flink job 'augment': clip windows from s2vc.clips become positive pairs on "
                + "s2vc.pairs (query: strong augmentation; key: crop + flip). Unbounded unless bounded.")
final class AugmentCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    BoundOptions bounds;

    @Mixin
    TrainingOptions training;

    @picocli.CommandLine.Option(names = "--train",
            description = "Also train the MoCo encoder online at the end of the job (as 'run' does).")
    boolean train;

    @Override
    public Integer call() throws Exception {
        var suppression = PretrainedFlow.suppression(common.config(), common.work());
        var trainer = train ? training.settings(common.config(), common.work()) : null;
        try (Platform platform = common.platform();
                ProgressBar bar = new ProgressBar("augment", 0, "clips committed")) {
            var kafka = platform.kafka();
            System.err.println("Flink web UI: " + platform.flink().webAddress());
            var result = platform.jobRunner()
                    .withProgress((consumed, available) -> bar.set(consumed, "(" + available + " in the topic)"))
                    .run(AugmentJob.NAME, kafka.topics().clips(), AugmentJob.groupId(platform.config()),
                    bounds.bound(), (env, stopping) -> AugmentJob.build(env, platform.config(), kafka, stopping, suppression, trainer));
            System.out.println(result.isPresent()
                    ? "augment finished in " + result.get().getNetRuntime() + " ms"
                    : "augment: nothing to read on " + kafka.topics().clips());
        }
        return 0;
    }
}
