package io.s2vc.testing;

import io.s2vc.video.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Path;

/** The smallest synthetic set the pipeline tests need: 2 classes, 4 train and 2 test videos of 24 frames. */
public final class TinyDataset {
    public static final int FRAMES = 24;

    private TinyDataset() {
    }

    public static SyntheticDataset spec() {
        return SyntheticDataset.builder().setSeed(11).optClasses(2).optFamilies(2).optClassesPerAppearance(2)
                .optTrainVideosPerClass(2).optTestVideosPerClass(1).optFrames(FRAMES).optFrameSize(64, 48)
                .optThreads(1).build();
    }

    public static Path generate(Path root) throws IOException {
        spec().generate(root);
        return root;
    }
}
