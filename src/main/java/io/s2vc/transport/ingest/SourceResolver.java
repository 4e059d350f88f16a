package io.s2vc.transport.ingest;

import io.s2vc.video.DatasetLayout;
import io.s2vc.video.Split;
import io.s2vc.video.VideoEntry;
import io.s2vc.video.VideoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns ingest arguments into videos: a data-set root (UCF101 or HMDB51 layout, labels from its
 * split files), a folder of videos, a video file, or a live stream URL.
 */
public final class SourceResolver {
    private final int split;
    private final String subset;

    /** @param subset train, test or all */
    public SourceResolver(int split, String subset) {
        if (split < 1 || split > 3) {
            throw new IllegalArgumentException("--split must be 1, 2 or 3, got " + split);
        }
        if (!Set.of("train", "test", "all").contains(subset)) {
            throw new IllegalArgumentException("--subset must be train, test or all, got '" + subset + "'");
        }
        this.split = split;
        this.subset = subset;
    }

    public List<IngestSource> resolve(List<String> arguments) throws IOException {
        List<IngestSource> out = new ArrayList<>();
        for (String argument : arguments) {
            out.addAll(resolve(argument));
        }
        return out;
    }

    private List<IngestSource> resolve(String argument) throws IOException {
        if (isStreamUrl(argument)) {
            return List.of(IngestSource.stream(argument));
        }
        Path path = Path.of(argument.startsWith("file://") ? argument.substring("file://".length()) : argument);
        if (Files.isRegularFile(path)) {
            return List.of(IngestSource.file(path.toAbsolutePath().toString(), path.getFileName().toString()));
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("no such file, folder or stream URL: " + argument);
        }
        if (isDataset(path)) {
            return fromDataset(DatasetLayout.detect(path.toAbsolutePath()));
        }
        return fromFolder(path);
    }

    private List<IngestSource> fromDataset(DatasetLayout layout) {
        List<IngestSource> out = new ArrayList<>();
        for (Split half : Split.values()) {
            if (subset.equals("all") || subset.equals(half.name().toLowerCase(Locale.ROOT))) {
                for (VideoEntry e : layout.entries(split, half)) {
                    out.add(new IngestSource(e.file().toString(), e.relativePath(), e.label(), e.className(),
                            half.name().toLowerCase(Locale.ROOT), false));
                }
            }
        }
        return out;
    }

    private static List<IngestSource> fromFolder(Path folder) throws IOException {
        return VideoFiles.under(folder).stream()
                .map(p -> IngestSource.file(p.toAbsolutePath().toString(), folder.relativize(p).toString().replace('\\', '/')))
                .toList();
    }

    static boolean isDataset(Path folder) {
        try {
            DatasetLayout.detect(folder);
            return true;
        } catch (IllegalArgumentException notADataset) {
            return false;
        }
    }

    static boolean isStreamUrl(String argument) {
        int colon = argument.indexOf("://");
        return colon > 1 && !argument.startsWith("file://");
    }
}
