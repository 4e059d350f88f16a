package io.s2vc.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reading the text split lists shared by the data set layouts: CRLF or LF, blank lines ignored. */
final class SplitLists {
    /** How many missing videos an error message names before summarising the rest. */
    private static final int MISSING_NAMED = 5;

    private SplitLists() {
    }

    static void requireSplitNumber(int splitNumber) {
        if (splitNumber < 1 || splitNumber > 3) {
            throw new IllegalArgumentException("split number must be 1, 2 or 3, got " + splitNumber);
        }
    }

    static Path requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        }
        return file;
    }

    /** Non-blank lines, trimmed (the official lists end lines with CRLF and some with a trailing space). */
    static List<String> rows(Path file) {
        try {
            // Decoding leniently: the lists are ASCII, and a stray byte must not hide the real error.
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.lines()
                    .map(line -> line.replace("\uFEFF", "").strip())
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read split list " + file, e);
        }
    }

    static IllegalArgumentException malformed(Path file, String row, String expected) {
        return new IllegalArgumentException("malformed row \"" + row + "\" in " + file + ": expected " + expected);
    }

    /** Fails naming the first few listed videos that are not on disk. */
    static List<VideoEntry> requireVideosExist(List<VideoEntry> entries, String listedIn) {
        List<Path> missing = entries.stream().map(VideoEntry::file).filter(file -> !Files.isRegularFile(file)).toList();
        if (!missing.isEmpty()) {
            String named = missing.stream().limit(MISSING_NAMED).map(Path::toString).collect(Collectors.joining(", "));
            String more = missing.size() > MISSING_NAMED ? ", ..." : "";
            throw new IllegalArgumentException(missing.size() + " of " + entries.size() + " videos listed in "
                    + listedIn + " do not exist: " + named + more);
        }
        return entries;
    }
}
