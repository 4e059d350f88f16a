package io.s2vc.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The video files of a plain folder (not a data-set root), found by extension. */
public final class VideoFiles {
    /** Extensions taken from a folder; any file ffmpeg reads can still be named directly. */
    private static final Set<String> EXTENSIONS = Set.of("avi", "mp4", "mkv", "webm", "mov", "mpg", "mpeg",
            "m4v", "flv", "ts", "gif");

    private VideoFiles() {
    }

    /**
     * Every video file under {@code folder}, recursively, in path order.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static List<Path> under(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> videos = files.filter(Files::isRegularFile).filter(VideoFiles::hasVideoExtension).sorted().toList();
            if (videos.isEmpty()) {
                throw new IllegalArgumentException("no video files in " + folder);
            }
            return videos;
        }
    }

    public static boolean hasVideoExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
