package io.s2vc.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * UCF101: {@code <root>/UCF-101/<Class>/*.avi} beside {@code <root>/ucfTrainTestlist/}, or the class
 * folders directly in {@code <root>} when the archive was extracted without its top folder.
 *
 * <p>{@code classInd.txt} rows are {@code 1 ApplyEyeMakeup} (1-based); train lists carry a 1-based label,
 * test lists only the path, whose class folder gives the label.
 */
final class Ucf101Layout implements DatasetLayout {
    static final String SPLIT_FOLDER = "ucfTrainTestlist";
    static final String VIDEO_FOLDER = "UCF-101";
    static final String CLASS_INDEX = "classInd.txt";

    private final Path root;
    private final Path splitFolder;
    private final Path videoFolder;

    Ucf101Layout(Path root) {
        this.root = root;
        this.splitFolder = root.resolve(SPLIT_FOLDER);
        Path nested = root.resolve(VIDEO_FOLDER);
        this.videoFolder = Files.isDirectory(nested) ? nested : root;
    }

    /** The list file name of one half of a split, e.g. {@code trainlist01.txt}. */
    static String listFileName(int splitNumber, Split subset) {
        return String.format(Locale.ROOT, "%slist%02d.txt", subset == Split.TRAIN ? "train" : "test", splitNumber);
    }

    @Override
    public String name() {
        return "UCF101";
    }

    @Override
    public Path root() {
        return root;
    }

    /** The folder holding the class folders. */
    Path videoFolder() {
        return videoFolder;
    }

    @Override
    public List<String> classNames() {
        Path classIndex = SplitLists.requireFile(splitFolder.resolve(CLASS_INDEX), "UCF101 class index");
        List<String> names = new ArrayList<>();
        for (String row : SplitLists.rows(classIndex)) {
            String[] fields = row.split("\\s+");
            if (fields.length != 2 || parseIntOrMinus(fields[0]) != names.size() + 1) {
                throw SplitLists.malformed(classIndex, row, "\"" + (names.size() + 1) + " ClassName\"");
            }
            names.add(fields[1]);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("UCF101 class index " + classIndex + " lists no classes");
        }
        return List.copyOf(names);
    }

    @Override
    public List<VideoEntry> entries(int splitNumber, Split subset) {
        SplitLists.requireSplitNumber(splitNumber);
        List<String> classNames = classNames();
        Map<String, Integer> labelByClass = new HashMap<>();
        for (int label = 0; label < classNames.size(); label++) {
            // Case-insensitive: the official lists and folders disagree on case for some classes.
            labelByClass.put(classNames.get(label).toLowerCase(Locale.ROOT), label);
        }
        Path list = SplitLists.requireFile(splitFolder.resolve(listFileName(splitNumber, subset)), "UCF101 split list");
        List<VideoEntry> entries = new ArrayList<>();
        for (String row : SplitLists.rows(list)) {
            String[] fields = row.split("\\s+");
            String relativePath = fields[0].replace('\\', '/');
            int slash = relativePath.indexOf('/');
            if (fields.length > 2 || slash <= 0) {
                throw SplitLists.malformed(list, row, "\"Class/video.avi\" optionally followed by a 1-based label");
            }
            Integer folderLabel = labelByClass.get(relativePath.substring(0, slash).toLowerCase(Locale.ROOT));
            if (folderLabel == null) {
                throw SplitLists.malformed(list, row, "a class folder listed in " + splitFolder.resolve(CLASS_INDEX));
            }
            if (fields.length == 2 && parseIntOrMinus(fields[1]) != folderLabel + 1) {
                throw SplitLists.malformed(list, row, "label " + (folderLabel + 1) + " of its class folder");
            }
            entries.add(new VideoEntry(videoFolder.resolve(relativePath), relativePath, classNames.get(folderLabel),
                    folderLabel, subset));
        }
        entries.sort(Comparator.comparingInt(VideoEntry::label)); // stable: keeps list order within a class
        return SplitLists.requireVideosExist(entries, list.toString());
    }

    private static int parseIntOrMinus(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
