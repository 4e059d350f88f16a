package io.s2vc.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.config.Config;
import io.s2vc.testing.TinyDataset;
import io.s2vc.video.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The motion oracles on the tiny synthetic set: the classes are retrievable from motion alone. */
class MotionOracleTest {
    @TempDir
    Path dir;

    private EvalData data(Path root) throws Exception {
        Config config = Config.load("cpu-tiny", List.of("ingest.height=72", "ingest.width=96", "eval.size=48",
                "eval.clips_per_video=2"));
        return new EvalData(root, EvalSettings.from(config), dir.resolve("cache"));
    }

    @Test
    void bothOraclesRetrieveTheMotionClassesOfASetWhereAppearanceAndSceneCannot() throws Exception {
        // all 8 motions, each appearance in 3 classes, scenes independent of the class in the test split
        Path root = dir.resolve("eight");
        SyntheticDataset.builder().setSeed(5).optTrainVideosPerClass(6).optTestVideosPerClass(2).optFrames(24)
                .optThreads(1).build().generate(root);
        List<MotionOracle.Result> oracles = MotionOracle.all(data(root), m -> { });
        assertEquals(List.of(MotionOracle.TRAJECTORIES, MotionOracle.FRAME_DIFFERENCES),
                oracles.stream().map(MotionOracle.Result::name).toList());
        assertEquals(16, oracles.get(0).ranks().length, "one rank per test query");
        assertEquals(1.0, oracles.get(0).recall().get(1), "the true trajectories name every class");
        double frameDifferences = oracles.get(1).recall().get(1);
        assertTrue(frameDifferences >= 0.5, "frame differences of 48-pixel clips as cpu-tiny evaluates, R@1 " + frameDifferences
                + " against chance 0.125");
    }

    @Test
    void aDataSetWithoutTrajectoriesStillGetsTheFrameDifferenceOracle() throws Exception {
        Path root = TinyDataset.generate(dir.resolve("data"));
        Files.delete(root.resolve(SyntheticDataset.TRAJECTORY_FILE));
        List<MotionOracle.Result> oracles = MotionOracle.all(data(root), m -> { });
        assertEquals(List.of(MotionOracle.FRAME_DIFFERENCES), oracles.stream().map(MotionOracle.Result::name).toList());
        assertTrue(oracles.get(0).recall().get(1) >= 0 && oracles.get(0).recall().get(1) <= 1);
    }
}
