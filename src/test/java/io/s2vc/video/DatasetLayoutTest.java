package io.s2vc.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLayoutTest {
    @TempDir
    Path root;

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void touch(Path file) throws IOException {
        write(file, "not really a video");
    }

    /** Two UCF101 classes as the official archives extract, with CRLF lines, blank lines and trailing spaces. */
    private void writeUcf101(Path videos) throws IOException {
        Path lists = root.resolve("ucfTrainTestlist");
        write(lists.resolve("classInd.txt"), "1 ApplyEyeMakeup\r\n2 HandstandPushups\r\n\r\n");
        write(lists.resolve("trainlist01.txt"), "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1\r\n"
                + "HandstandPushups/v_HandStandPushups_g08_c01.avi 2 \r\n"
                + "ApplyEyeMakeup/v_ApplyEyeMakeup_g09_c01.avi 1\r\n\r\n");
        write(lists.resolve("testlist01.txt"), "ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi\r\n"
                + "\r\n"
                + "HandstandPushups/v_HandStandPushups_g01_c01.avi\r\n");
        for (String video : List.of("ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi",
                "ApplyEyeMakeup/v_ApplyEyeMakeup_g09_c01.avi", "HandstandPushups/v_HandStandPushups_g08_c01.avi",
                "ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi", "HandstandPushups/v_HandStandPushups_g01_c01.avi")) {
            touch(videos.resolve(video));
        }
    }

    @Test
    void readsUcf101UnderItsTopFolder() throws IOException {
        writeUcf101(root.resolve("UCF-101"));

        DatasetLayout layout = DatasetLayout.detect(root);
        List<VideoEntry> train = layout.entries(1, Split.TRAIN);
        List<VideoEntry> test = layout.entries(1, Split.TEST);

        assertEquals("UCF101", layout.name());
        assertEquals(List.of("ApplyEyeMakeup", "HandstandPushups"), layout.classNames());
        assertEquals(List.of("ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi",
                "ApplyEyeMakeup/v_ApplyEyeMakeup_g09_c01.avi", "HandstandPushups/v_HandStandPushups_g08_c01.avi"),
                train.stream().map(VideoEntry::relativePath).toList());
        assertEquals(List.of(0, 0, 1), train.stream().map(VideoEntry::label).toList());
        assertEquals(root.resolve("UCF-101/ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi"), train.get(0).file());
        assertTrue(train.stream().allMatch(entry -> entry.split() == Split.TRAIN));

        assertEquals(2, test.size());
        assertEquals(new VideoEntry(root.resolve("UCF-101/HandstandPushups/v_HandStandPushups_g01_c01.avi"),
                "HandstandPushups/v_HandStandPushups_g01_c01.avi", "HandstandPushups", 1, Split.TEST), test.get(1));
    }

    @Test
    void readsUcf101ExtractedWithoutItsTopFolder() throws IOException {
        writeUcf101(root);

        List<VideoEntry> test = DatasetLayout.detect(root).entries(1, Split.TEST);

        assertEquals(root.resolve("ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi"), test.get(0).file());
        assertEquals(0, test.get(0).label());
    }

    @Test
    void readsHmdb51() throws IOException {
        Path splits = root.resolve("testTrainMulti_7030_splits");
        // Written out of order: labels must follow the alphabetical order of the class names.
        write(splits.resolve("ride_bike_test_split1.txt"), "bike_a.avi 1 \r\nbike_b.avi 2 \r\nbike_c.avi 0 \r\n\r\n");
        write(splits.resolve("brush_hair_test_split1.txt"), "hair_a.avi 2 \nhair_b.avi 1 \n");
        write(splits.resolve("brush_hair_test_split2.txt"), "hair_a.avi 1 \nhair_b.avi 2 \n");
        for (String video : List.of("ride_bike/bike_a.avi", "ride_bike/bike_b.avi", "brush_hair/hair_a.avi",
                "brush_hair/hair_b.avi")) {
            touch(root.resolve(video));
        }

        DatasetLayout layout = DatasetLayout.detect(root);
        List<VideoEntry> train = layout.entries(1, Split.TRAIN);
        List<VideoEntry> test = layout.entries(1, Split.TEST);

        assertEquals("HMDB51", layout.name());
        assertEquals(List.of("brush_hair", "ride_bike"), layout.classNames());
        assertEquals(List.of(new VideoEntry(root.resolve("brush_hair/hair_b.avi"), "brush_hair/hair_b.avi",
                        "brush_hair", 0, Split.TRAIN),
                new VideoEntry(root.resolve("ride_bike/bike_a.avi"), "ride_bike/bike_a.avi", "ride_bike", 1,
                        Split.TRAIN)), train);
        assertEquals(List.of("brush_hair/hair_a.avi", "ride_bike/bike_b.avi"),
                test.stream().map(VideoEntry::relativePath).toList());

        IllegalArgumentException missingSplit = assertThrows(IllegalArgumentException.class,
                () -> layout.entries(2, Split.TRAIN));
        assertTrue(missingSplit.getMessage().contains("ride_bike_test_split2.txt"), missingSplit.getMessage());
    }

    @Test
    void missingRootNamesThePath() {
        Path missing = root.resolve("nowhere");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DatasetLayout.detect(missing));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }

    @Test
    void folderWithoutSplitListsIsRejected() throws IOException {
        touch(root.resolve("UCF-101/ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DatasetLayout.detect(root));
        assertTrue(error.getMessage().contains("ucfTrainTestlist"), error.getMessage());
    }

    @Test
    void missingSplitListNamesTheFile() throws IOException {
        writeUcf101(root.resolve("UCF-101"));
        DatasetLayout layout = DatasetLayout.detect(root);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> layout.entries(2, Split.TRAIN));
        assertTrue(error.getMessage().contains("trainlist02.txt"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> layout.entries(4, Split.TRAIN));
    }

    @Test
    void listedButMissingVideosAreNamed() throws IOException {
        writeUcf101(root.resolve("UCF-101"));
        Files.delete(root.resolve("UCF-101/HandstandPushups/v_HandStandPushups_g08_c01.avi"));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DatasetLayout.detect(root).entries(1, Split.TRAIN));
        assertTrue(error.getMessage().contains("1 of 3"), error.getMessage());
        assertTrue(error.getMessage().contains("v_HandStandPushups_g08_c01.avi"), error.getMessage());
    }

    @Test
    void malformedRowsNameTheListAndRow() throws IOException {
        writeUcf101(root.resolve("UCF-101"));
        write(root.resolve("ucfTrainTestlist/trainlist01.txt"), "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 2\n");

        IllegalArgumentException wrongLabel = assertThrows(IllegalArgumentException.class,
                () -> DatasetLayout.detect(root).entries(1, Split.TRAIN));
        assertTrue(wrongLabel.getMessage().contains("trainlist01.txt"), wrongLabel.getMessage());
        assertTrue(wrongLabel.getMessage().contains("v_ApplyEyeMakeup_g08_c01.avi 2"), wrongLabel.getMessage());

        write(root.resolve("ucfTrainTestlist/testlist01.txt"), "Juggling/v_Juggling_g01_c01.avi\n");
        IllegalArgumentException unknownClass = assertThrows(IllegalArgumentException.class,
                () -> DatasetLayout.detect(root).entries(1, Split.TEST));
        assertTrue(unknownClass.getMessage().contains("Juggling"), unknownClass.getMessage());
    }

    @Test
    void readsTheSyntheticSet() throws IOException {
        SyntheticDataset dataset = SyntheticDataset.builder().setSeed(3).optClasses(4).optClassesPerAppearance(2)
                .optTrainVideosPerClass(2).optTestVideosPerClass(1).optFrames(2).optFrameSize(32, 24).build();
        dataset.generate(root);

        DatasetLayout layout = DatasetLayout.detect(root);

        assertInstanceOf(Ucf101Layout.class, layout);
        assertEquals(List.of("MoveRight", "MoveLeft", "MoveUp", "MoveDown"), layout.classNames());
        assertEquals(8, layout.entries(1, Split.TRAIN).size());
        assertEquals(4, layout.entries(1, Split.TEST).size());
    }
}
