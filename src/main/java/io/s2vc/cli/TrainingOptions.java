package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.train.TrainingSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how often the online trainer writes model checkpoints (the train.* keys, as options). */
public final class TrainingOptions {
    @Option(names = "--checkpoint-dir", paramLabel = "URI",
            description = "Model checkpoint store: a local folder or any Flink FileSystem URI "
                    + "(default: train.checkpoint_dir, else WORK/checkpoints).")
    String checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Optimiser steps between model checkpoints (default: train.checkpoint_every; 0 = only on "
                    + "demand and at the end).")
    Long checkpointEvery;

    /** The configuration with these options applied. */
    Config apply(Config config) {
        Config c = config;
        if (checkpointDir != null) {
            c = c.with(Catalogue.TRAIN_CHECKPOINT_DIR, checkpointDir);
        }
        if (checkpointEvery != null) {
            if (checkpointEvery < 0) {
                throw new UserException("--checkpoint-every must be >= 0, got " + checkpointEvery);
            }
            c = c.with(Catalogue.TRAIN_CHECKPOINT_EVERY, Math.toIntExact(checkpointEvery));
        }
        return c;
    }

    static Path defaultStore(Path work) {
        return work.resolve("checkpoints").toAbsolutePath();
    }

    TrainingSettings settings(Config config, Path work) {
        return TrainingSettings.from(apply(config), defaultStore(work).toString());
    }
}
