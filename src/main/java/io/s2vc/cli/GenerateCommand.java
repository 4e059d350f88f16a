package io.s2vc.cli;

import io.s2vc.config.Catalogue;
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
        SyntheticDataset dataset = dataset(config, seed != null ? seed : config.get(Catalogue.SEED));
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
                .optClasses(config.get(Catalogue.SYNTHETIC_CLASSES))
                .optTrainVideosPerClass(config.get(Catalogue.SYNTHETIC_TRAIN_PER_CLASS))
                .optTestVideosPerClass(config.get(Catalogue.SYNTHETIC_TEST_PER_CLASS))
                .optFrames(config.get(Catalogue.SYNTHETIC_FRAMES))
                .optFrameSize(config.get(Catalogue.SYNTHETIC_WIDTH), config.get(Catalogue.SYNTHETIC_HEIGHT))
                .optFps(config.get(Catalogue.SYNTHETIC_FPS))
                .optFamilies(config.get(Catalogue.SYNTHETIC_FAMILIES))
                .optBias(config.get(Catalogue.SYNTHETIC_BIAS))
                .optClassesPerAppearance(config.get(Catalogue.SYNTHETIC_CLASSES_PER_APPEARANCE))
                .optLooks(config.get(Catalogue.SYNTHETIC_LOOKS))
                .optObjectScale(config.get(Catalogue.SYNTHETIC_OBJECT_SCALE))
                .optHeldOutFamilies(config.get(Catalogue.SYNTHETIC_HELDOUT_FAMILIES))
                .optCameraJitter(config.get(Catalogue.SYNTHETIC_CAMERA_JITTER_PX))
                .build();
    }

    /** Generates the data set under {@code root} unless the same one is there already. */
    static Path ensureGenerated(Config config, Path root) throws Exception {
        SyntheticDataset dataset = dataset(config, config.get(Catalogue.SEED));
        if (dataset.isGenerated(root)) {
            System.err.println("synthetic data set present in " + root);
        } else {
            System.err.println("generating the synthetic data set in " + root + " ...");
            System.err.println(dataset.generate(root));
        }
        return root;
    }
}
