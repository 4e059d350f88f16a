package io.s2vc.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of a tiny generated set: real videos, split lists, metadata and trajectories. */
class SyntheticDatasetTest {
    private static final int FRAMES = 8;
    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;

    @TempDir
    Path folder;

    private static SyntheticDataset tiny(long seed) {
        return SyntheticDataset.builder().setSeed(seed).optTrainVideosPerClass(1).optTestVideosPerClass(1)
                .optFrames(FRAMES).optFrameSize(WIDTH, HEIGHT).build();
    }

    private static byte[] firstFrame(Path video) throws IOException {
        Clip clip = DecodedVideo.read(video);
        return Arrays.copyOf(clip.rgb(), clip.frameBytes());
    }

    @Test
    void writesDecodableVideosInTheUcf101Layout() throws IOException {
        SyntheticDataset dataset = tiny(1);
        Path root = folder.resolve("set");

        GenerationSummary summary = dataset.generate(root);
        List<SyntheticVideo> plan = dataset.plan();

        assertEquals(8, summary.trainVideos());
        assertEquals(8, summary.testVideos());
        assertEquals(16L * FRAMES, summary.frames());
        for (SyntheticVideo video : plan) {
            Clip decoded = DecodedVideo.read(root.resolve("UCF-101").resolve(video.relativePath()));
            assertEquals(FRAMES, decoded.frames(), video.relativePath());
            assertEquals(HEIGHT, decoded.height());
            assertEquals(WIDTH, decoded.width());
            // The textures must survive compression: brightness stays within a few levels.
            double error = DecodedVideo.meanLumaError(dataset.render(video), decoded, 0);
            assertTrue(error < 6, video.relativePath() + " decodes with a mean brightness error of " + error);
        }
        assertEquals(List.of("1 MoveRight", "2 MoveLeft", "3 MoveUp", "4 MoveDown", "5 RotateClockwise",
                "6 RotateCounterclockwise", "7 Grow", "8 Shrink"),
                Files.readAllLines(root.resolve("ucfTrainTestlist/classInd.txt")));
        List<String> trainList = Files.readAllLines(root.resolve("ucfTrainTestlist/trainlist01.txt"));
        assertTrue(trainList.get(0).matches("MoveRight/v_MoveRight_g\\d{4}_c01\\.avi 1"), trainList.get(0));
        List<String> testList = Files.readAllLines(root.resolve("ucfTrainTestlist/testlist01.txt"));
        assertTrue(testList.get(7).matches("Shrink/v_Shrink_g\\d{4}_c01\\.avi"), testList.get(7));
    }

    @Test
    void metadataAndTrajectoriesDescribeEveryVideo() throws IOException {
        SyntheticDataset dataset = tiny(2);
        Path root = folder.resolve("set");
        dataset.generate(root);
        List<SyntheticVideo> plan = dataset.plan();

        List<String> metadata = Files.readAllLines(root.resolve(SyntheticDataset.METADATA_FILE));
        assertEquals("relative_path,split,class,label,appearance_id,background_family,background_family_index,"
                + "background_is_class_family", metadata.get(0));
        assertEquals(plan.size() + 1, metadata.size());
        SyntheticVideo first = plan.get(0);
        assertEquals(String.join(",", first.relativePath(), "train", first.className(),
                Integer.toString(first.label()), Integer.toString(first.appearance().id()), first.background().label(),
                Integer.toString(first.background().ordinal()),
                Boolean.toString(first.background() == dataset.spec().classFamily(first.label()))), metadata.get(1));

        Map<String, List<FramePose>> trajectories = readTrajectories(root.resolve(SyntheticDataset.TRAJECTORY_FILE));
        assertEquals(plan.size(), trajectories.size());
        for (SyntheticVideo video : plan) {
            List<FramePose> path = trajectories.get(video.relativePath());
            assertEquals(FRAMES, path.size());
            MotionAssertions.assertMovesAsNamed(video.motion(), path, WIDTH, HEIGHT, video.relativePath());
        }
    }

    @Test
    void sameSeedGivesTheSameSetAndAnotherSeedAnotherOne() throws IOException {
        Path first = folder.resolve("first");
        Path again = folder.resolve("again");
        Path other = folder.resolve("other");
        tiny(3).generate(first);
        tiny(3).generate(again);
        tiny(4).generate(other);
        String video = tiny(3).plan().get(0).relativePath();
        String otherVideo = tiny(4).plan().get(0).relativePath();

        for (String file : List.of(SyntheticDataset.METADATA_FILE, SyntheticDataset.TRAJECTORY_FILE)) {
            assertEquals(Files.readString(first.resolve(file)), Files.readString(again.resolve(file)), file);
            assertNotEquals(Files.readString(first.resolve(file)), Files.readString(other.resolve(file)), file);
        }
        assertArrayEquals(firstFrame(first.resolve("UCF-101").resolve(video)),
                firstFrame(again.resolve("UCF-101").resolve(video)));
        assertFalse(Arrays.equals(firstFrame(first.resolve("UCF-101").resolve(video)),
                firstFrame(other.resolve("UCF-101").resolve(otherVideo))));
    }

    @Test
    void recognisesACompleteSetOfTheSameSpec() throws IOException {
        Path root = folder.resolve("set");
        SyntheticDataset dataset = tiny(5);
        assertFalse(dataset.isGenerated(root));

        dataset.generate(root);

        assertTrue(dataset.isGenerated(root));
        assertTrue(SyntheticDataset.isGenerated(root, tiny(5).spec()));
        assertFalse(tiny(6).isGenerated(root));
        Files.delete(root.resolve("UCF-101").resolve(dataset.plan().get(3).relativePath()));
        assertFalse(dataset.isGenerated(root));
    }

    @Test
    void regeneratingReplacesThePreviousSet() throws IOException {
        Path root = folder.resolve("set");
        SyntheticDataset.builder().setSeed(7).optClasses(10).optTrainVideosPerClass(1).optTestVideosPerClass(1)
                .optFrames(2).optFrameSize(32, 24).build().generate(root);

        SyntheticDataset smaller = SyntheticDataset.builder().setSeed(8).optClasses(4).optTrainVideosPerClass(1)
                .optTestVideosPerClass(1).optFrames(2).optFrameSize(32, 24).build();
        smaller.generate(root);

        assertTrue(smaller.isGenerated(root));
        assertFalse(Files.exists(root.resolve("UCF-101/OscillateVertical")), "old class folders are removed");
        try (var videos = Files.walk(root.resolve("UCF-101"))) {
            assertEquals(8, videos.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void refusesToOverwriteAForeignUcf101Layout() throws IOException {
        Path root = folder.resolve("real");
        Files.createDirectories(root.resolve("ucfTrainTestlist"));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> tiny(1).generate(root));
        assertTrue(error.getMessage().contains(root.toString()), error.getMessage());
        assertTrue(Files.isDirectory(root.resolve("ucfTrainTestlist")));
    }

    /** Trajectory rows by video, as a motion oracle would read them. */
    private static Map<String, List<FramePose>> readTrajectories(Path file) throws IOException {
        List<String> rows = Files.readAllLines(file);
        assertEquals("relative_path,frame,cx,cy,scale,angle", rows.get(0));
        Map<String, List<FramePose>> byVideo = new LinkedHashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] fields = row.split(",");
            List<FramePose> path = byVideo.computeIfAbsent(fields[0], video -> new ArrayList<>());
            assertEquals(path.size(), Integer.parseInt(fields[1]));
            path.add(new FramePose(Double.parseDouble(fields[2]), Double.parseDouble(fields[3]),
                    Double.parseDouble(fields[4]), Double.parseDouble(fields[5]), 0, 0));
        }
        return byVideo;
    }
}
