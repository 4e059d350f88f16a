package io.s2vc.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A video data set on disk, read exactly as its official archives extract, with its official
 * three train/test splits.
 */
public sealed interface DatasetLayout permits Ucf101Layout, Hmdb51Layout {

    /**
     * Recognises the layout under {@code root}: UCF101 by its {@code ucfTrainTestlist/} folder,
     * HMDB51 by its {@code testTrainMulti_7030_splits/} folder.
     *
     * @throws IllegalArgumentException if {@code root} is missing or holds neither layout
     */
    static DatasetLayout detect(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("data set root " + root + " is not a folder");
        }
        if (Files.isDirectory(root.resolve(Ucf101Layout.SPLIT_FOLDER))) {
            return new Ucf101Layout(root);
        }
        if (Files.isDirectory(root.resolve(Hmdb51Layout.SPLIT_FOLDER))) {
            return new Hmdb51Layout(root);
        }
        throw new IllegalArgumentException("data set root " + root + " holds neither UCF101 ("
                + root.resolve(Ucf101Layout.SPLIT_FOLDER) + ") nor HMDB51 (" + root.resolve(Hmdb51Layout.SPLIT_FOLDER)
                + ") split lists");
    }

    /** "UCF101" or "HMDB51". */
    String name();

    Path root();

    /** Class names in label order (label = index). */
    List<String> classNames();

    /**
     * The videos of one half of an official split, ordered by label then as listed.
     *
     * @param splitNumber 1, 2 or 3
     * @throws IllegalArgumentException if the split list is missing or malformed, or lists videos that do not exist
     */
    List<VideoEntry> entries(int splitNumber, Split subset);
}
