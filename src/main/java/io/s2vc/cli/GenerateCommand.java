package io.s2vc.cli;

import io.s2vc.config.Config;
import io.s2vc.video.GenerationSummary;
import io.s2vc.video.SyntheticDataset;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write the built-in scene-biased synthetic data set as real videos in the UCF101 layout "
                + "(classes differ only by the motion of an object; backgrounds tied to the class in train, "
                + "independent in test). Sizes via --set synthetic.*=...")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder (default: WORK/data/synthetic).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Seed (default: the configuration's seed).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        Config config = common.config();
        Path root = out != null ? out : defaultRoot(common.work());
        SyntheticDataset dataset = dataset(config, seed != null ? seed : config.getLong("seed"));
        GenerationSummary summary = dataset.generate(root);
        System.out.println(summary);
        return 0;
    }

    static Path defaultRoot(Path work) {
        return work.resolve("data").resolve("synthetic");
    }

    /** The data set the configuration describes. */
    static SyntheticDataset dataset(Config config, long seed) {
        return SyntheticDataset.builder()
                .setSeed(seed)
                .optClasses(config.getInt("synthetic.classes", 2))
                .optTrainVideosPerClass(config.getInt("synthetic.train_per_class", 1))
                .optTestVideosPerClass(config.getInt("synthetic.test_per_class", 1))
                .optFrames(config.getInt("synthetic.frames", 2))
                .optFrameSize(config.getInt("synthetic.width", 16), config.getInt("synthetic.height", 16))
                .optFps(config.getDouble("synthetic.fps", 1, 240))
                .optFamilies(config.getInt("synthetic.families", 2))
                .optBias(config.getDouble("synthetic.bias", 0, 1))
                .optClassesPerAppearance(config.getInt("synthetic.classes_per_appearance", 1))
                .optLooks(config.getInt("synthetic.looks", 0))
                .optObjectScale(config.getDouble("synthetic.object_scale", 0.25, 2.5))
                .optHeldOutFamilies(config.getInt("synthetic.heldout_families", 0))
                .optCameraJitter(config.getInt("synthetic.camera_jitter_px", 0))
                .build();
    }

    /** Generates the data set under {@code root} unless the same one is there already. */
    static Path ensureGenerated(Config config, Path root) throws Exception {
        SyntheticDataset dataset = dataset(config, config.getLong("seed"));
        if (dataset.isGenerated(root)) {
            System.err.println("synthetic data set present in " + root);
        } else {
            System.err.println("generating the synthetic data set in " + root + " ...");
            System.err.println(dataset.generate(root));
        }
        return root;
    }
}
