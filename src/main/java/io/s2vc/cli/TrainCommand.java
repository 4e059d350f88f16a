package io.s2vc.cli;

import io.s2vc.config.Config;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.stream.train.TrainJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run the Flink job 'train': positive pairs from s2vc.pairs train the MoCo encoder online; "
                + "model checkpoints go to the checkpoint store, their events to s2vc.checkpoints. "
                + "Unbounded unless bounded.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    BoundOptions bounds;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() throws Exception {
        Config config = training.apply(common.config());
        var settings = training.settings(common.config(), common.work());
        try (Platform platform = new Platform(config, common.work());
                ProgressBar bar = new ProgressBar("train", 0, "pairs committed")) {
            var kafka = platform.kafka();
            System.err.println("Flink web UI: " + platform.flink().webAddress() + "; model checkpoints in "
                    + settings.checkpointDir());
            var result = platform.jobRunner()
                    .withProgress((consumed, available) -> bar.set(consumed, "(" + available + " in the topic)"))
                    .run(TrainJob.NAME, kafka.topics().pairs(), TrainJob.groupId(config), bounds.bound(),
                            (env, stopping) -> TrainJob.build(env, config, kafka, stopping, settings));
            System.out.println(result.isPresent()
                    ? "train finished in " + result.get().getNetRuntime() + " ms; checkpoints in " + settings.checkpointDir()
                    : "train: nothing to read on " + kafka.topics().pairs());
        }
        return 0;
    }
}
