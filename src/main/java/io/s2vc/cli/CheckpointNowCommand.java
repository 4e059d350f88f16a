package io.s2vc.cli;

import io.s2vc.stream.train.CheckpointStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "checkpoint-now", mixinStandardHelpOptions = true,
        description = "Ask the running trainer that writes to the checkpoint store for a model checkpoint after its "
                + "next step.")
final class CheckpointNowCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() throws Exception {
        var settings = training.settings(common.config(), common.work());
        new CheckpointStore(settings.checkpointDir()).requestCheckpoint();
        System.out.println("requested a model checkpoint in " + settings.checkpointDir());
        return 0;
    }
}
