package io.s2vc.cli;

import static io.s2vc.cli.CommandLineTest.assertOneLineError;
import static io.s2vc.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.s2vc.cli.CommandLineTest.Outcome;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.FlowWeights;
import io.s2vc.plot.FrameGrid;
import io.s2vc.video.Clip;
import io.s2vc.video.SyntheticDataset;
import io.s2vc.video.VideoWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s2vc visualize} on a tiny generated video and a tiny labelled folder, with a random cpu-narrow-32 flow (the profile's). */
class VisualizeCommandTest {
    @TempDir
    static Path dir;
    static Path weights;

    @BeforeAll
    static void saveWeights() throws Exception {
        weights = dir.resolve("weights/random.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel model = FlowModel.create(FlowSpec.cpuNarrow32(), FlowInit.randomEverywhere(3, 0.02f), manager);
            FlowWeights.save(model, weights);
        }
    }

    /** A textured background with a bright square moving right: static cues and motion. */
    private static Clip movingSquare(int frames, int height, int width) {
        Clip clip = Clip.zeros(frames, height, width);
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int o = clip.offset(t, y, x);
                    boolean square = y >= 10 && y < 22 && x >= 2 + 3 * t && x < 14 + 3 * t;
                    clip.rgb()[o] = (byte) (square ? 250 : 40 + (x * 7 + y * 3) % 60);
                    clip.rgb()[o + 1] = (byte) (square ? 240 : 90 + (x * y) % 50);
                    clip.rgb()[o + 2] = (byte) (square ? 30 : 120);
                }
            }
        }
        return clip;
    }

    @Test
    void aVideoGivesAGridAndAComparison() throws Exception {
        Path video = dir.resolve("square.avi");
        VideoWriter.write(video, movingSquare(10, 40, 48), 10);
        Path out = dir.resolve("one");
        Outcome o = run("visualize", video.toString(), "-o", out.toString(), "--flow-weights", weights.toString(),
                "--frames", "8", "--alphas", "0.3,0.5");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("alpha 0.3: "), o.out());
        assertTrue(o.out().contains("alpha 0.5: "), o.out());

        BufferedImage grid = ImageIO.read(out.resolve("grid.png").toFile());
        assertNotNull(grid);
        int scale = FrameGrid.scale(48, 48);
        assertEquals(FrameGrid.imageWidth(6, 48, scale), grid.getWidth()); // 6 columns of the 8 frames
        assertEquals(FrameGrid.imageHeight(4, 48, scale), grid.getHeight()); // original, 2 alphas, TFD

        BufferedImage gif = ImageIO.read(out.resolve("comparison.gif").toFile());
        assertNotNull(gif);
        assertEquals(3 * 48, gif.getWidth());
        assertEquals(48, gif.getHeight());
        assertTrue(Files.size(out.resolve("comparison.mp4")) > 0);
    }

    @Test
    void realFootageIsSuppressedTileByTileAtItsAspectRatio() throws Exception {
        Path video = dir.resolve("wide.avi");
        VideoWriter.write(video, movingSquare(10, 72, 108), 10);
        Path out = dir.resolve("tiled");
        Outcome o = run("visualize", video.toString(), "-o", out.toString(), "--flow-weights", weights.toString(),
                "--frames", "8", "--alphas", "0.5", "--tiles", "--size", "64");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("alpha 0.5: "), o.out());
        BufferedImage gif = ImageIO.read(out.resolve("comparison.gif").toFile());
        assertEquals(3 * 96, gif.getWidth(), "64 high, 96 wide (108 x 64 / 72, down to whole 32-pixel tiles), 3 panels");
        assertEquals(64, gif.getHeight());
    }

    @Test
    void aFolderGivesTheIntraClassSimilarity() throws Exception {
        Path data = dir.resolve("data");
        SyntheticDataset.builder().setSeed(5).optClasses(2).optFamilies(2).optClassesPerAppearance(2)
                .optTrainVideosPerClass(1).optTestVideosPerClass(2).optFrames(8).optFrameSize(64, 48)
                .optThreads(1).build().generate(data);
        Path out = dir.resolve("folder");
        Outcome o = run("visualize", "--folder", data.toString(), "-o", out.toString(), "--flow-weights",
                weights.toString(), "--frames", "6", "--size", "32", "--per-class", "2");
        assertEquals(0, o.code(), o.err());

        BufferedImage chart = ImageIO.read(out.resolve("intra-class-similarity.png").toFile());
        assertNotNull(chart);
        List<String> rows = Files.readAllLines(out.resolve("intra-class-similarity.csv"));
        assertEquals(3, rows.size(), String.join("\n", rows)); // header + one row per class
        assertTrue(rows.get(0).startsWith("class,label,videos,cosine_z,cosine_zp"), rows.get(0));
        for (String row : rows.subList(1, rows.size())) {
            String[] fields = row.split(",");
            assertEquals("2", fields[2], row);
            double z = Double.parseDouble(fields[3]);
            double zp = Double.parseDouble(fields[4]);
            assertTrue(z >= -1 && z <= 1 && zp >= -1 && zp <= 1, row);
            assertEquals(8, fields.length, row);
            double zFrames = Double.parseDouble(fields[6]);
            double zpFrames = Double.parseDouble(fields[7]);
            assertTrue(zFrames >= -1 && zFrames <= 1 && zpFrames >= -1 && zpFrames <= 1, row);
        }
    }

    @Test
    void videoAndFolderExcludeEachOther() {
        assertOneLineError(run("visualize", "-o", dir.resolve("x").toString(), "--flow-weights", weights.toString()),
                "give either a VIDEO or --folder DATA_ROOT");
    }
}
