package io.s2vc.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * HMDB51: {@code <root>/<class>/*.avi} beside {@code <root>/testTrainMulti_7030_splits/}, which holds
 * {@code <class>_test_split<N>.txt} per class and split with rows {@code video.avi 1|2|0}
 * (1 = train, 2 = test, 0 = unused). Labels follow the alphabetical order of the class names.
 */
final class Hmdb51Layout implements DatasetLayout {
    static final String SPLIT_FOLDER = "testTrainMulti_7030_splits";
    private static final Pattern SPLIT_FILE = Pattern.compile("(.+)_test_split[0-9]+\\.txt");

    private final Path root;
    private final Path splitFolder;

    Hmdb51Layout(Path root) {
        this.root = root;
        this.splitFolder = root.resolve(SPLIT_FOLDER);
    }

    /** The list file of one class and split, e.g. {@code brush_hair_test_split1.txt}. */
    static String listFileName(String className, int splitNumber) {
        return className + "_test_split" + splitNumber + ".txt";
    }

    @Override
    public String name() {
        return "HMDB51";
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public List<String> classNames() {
        try (Stream<Path> files = Files.list(splitFolder)) {
            List<String> names = files.map(file -> SPLIT_FILE.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(match -> match.group(1))
                    .distinct()
                    .sorted()
                    .toList();
            if (names.isEmpty()) {
                throw new IllegalArgumentException("HMDB51 split folder " + splitFolder
                        + " holds no <class>_test_split<N>.txt files");
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list HMDB51 split folder " + splitFolder, e);
        }
    }

    @Override
    public List<VideoEntry> entries(int splitNumber, Split subset) {
        SplitLists.requireSplitNumber(splitNumber);
        String wanted = subset == Split.TRAIN ? "1" : "2";
        List<String> classNames = classNames();
        List<VideoEntry> entries = new ArrayList<>();
        for (int label = 0; label < classNames.size(); label++) {
            String className = classNames.get(label);
            Path list = SplitLists.requireFile(splitFolder.resolve(listFileName(className, splitNumber)),
                    "HMDB51 split list");
            for (String row : SplitLists.rows(list)) {
                String[] fields = row.split("\\s+");
                if (fields.length != 2 || !fields[1].matches("[012]")) {
                    throw SplitLists.malformed(list, row, "\"video.avi 1|2|0\"");
                }
                if (fields[1].equals(wanted)) {
                    String relativePath = className + "/" + fields[0];
                    entries.add(new VideoEntry(root.resolve(className).resolve(fields[0]), relativePath, className,
                            label, subset));
                }
            }
        }
        return SplitLists.requireVideosExist(entries,
                splitFolder.resolve(listFileName("<class>", splitNumber)).toString());
    }
}
