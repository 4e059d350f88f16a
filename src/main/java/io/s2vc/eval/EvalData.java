package io.s2vc.eval;

import io.s2vc.util.AtomicFiles;
import io.s2vc.video.Clip;
import io.s2vc.video.DatasetLayout;
import io.s2vc.video.Split;
import io.s2vc.video.VideoEntry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The labelled data set of an evaluation: the train (gallery) and test (query) halves of an official
 * split, as {@link EvalVideo}s. Decoding is done once: the clips of each half are written to a cache
 * file keyed by the data set's listing (paths, sizes, times) and the clip settings, and every later
 * evaluation of the same data streams them back from it.
 */
public final class EvalData {
    private static final String MAGIC = "S2VC-EVAL-CLIPS/1";
    /** The synthetic generator's per-video metadata (background family). */
    static final String SYNTHETIC_METADATA = "s2vc-synthetic.csv";

    private final DatasetLayout layout;
    private final EvalSettings settings;
    private final Path cacheDir;
    private final Map<String, Integer> backgrounds;

    /**
     * @param root a UCF101- or HMDB51-layout data set root
     * @param cacheDir where decoded clips are kept between evaluations
     */
    public EvalData(Path root, EvalSettings settings, Path cacheDir) throws IOException {
        this.layout = DatasetLayout.detect(root.toAbsolutePath());
        this.settings = settings;
        this.backgrounds = readBackgrounds(layout.root().resolve(SYNTHETIC_METADATA));
        this.cacheDir = cacheDir.resolve(fingerprint());
    }

    public String name() {
        return layout.name() + " split " + settings.split() + " (" + layout.root() + ")";
    }

    public Path root() {
        return layout.root();
    }

    public int classes() {
        return layout.classNames().size();
    }

    /** Whether the videos carry background families (the scene-biased synthetic set). */
    public boolean hasBackgrounds() {
        return !backgrounds.isEmpty();
    }

    public int backgroundFamilies() {
        return backgrounds.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1; // ordinals may have gaps
    }

    /** The selected videos of one half, in list order (every k-th when capped, so that every class stays). */
    List<VideoEntry> entries(Split split) {
        List<VideoEntry> all = layout.entries(settings.split(), split);
        int max = settings.maxVideosPerSplit();
        if (max <= 0 || all.size() <= max) {
            return all;
        }
        List<VideoEntry> picked = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            picked.add(all.get((int) ((long) i * all.size() / max)));
        }
        return picked;
    }

    /** The videos of one half, decoding and caching them the first time; {@code progress} hears each. */
    public Iterable<EvalVideo> videos(Split split, Consumer<String> progress) throws IOException {
        Path cache = cacheDir.resolve(split.name().toLowerCase(java.util.Locale.ROOT) + ".clips");
        if (!Files.isRegularFile(cache)) {
            List<VideoEntry> entries = entries(split);
            AtomicFiles.write(cache, raw -> {
                DataOutputStream out = new DataOutputStream(raw);
                out.writeUTF(MAGIC);
                out.writeInt(entries.size());
                for (VideoEntry entry : entries) {
                    progress.accept("decoding " + entry.relativePath());
                    writeVideo(out, new EvalVideo(entry.relativePath(), entry.label(),
                            backgrounds.getOrDefault(entry.relativePath(), -1), EvalClips.of(entry.file(), settings)));
                }
                out.flush();
            });
        }
        return () -> new CachedVideos(cache);
    }

    /** Hex SHA-256 over the split's listing and the clip settings: a changed file or setting is a new cache. */
    String fingerprint() throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((MAGIC + settings.clipKey()).getBytes(StandardCharsets.UTF_8));
            for (Split split : Split.values()) {
                for (VideoEntry entry : entries(split)) {
                    digest.update((entry.relativePath() + "|" + entry.label() + "|" + Files.size(entry.file()) + "|"
                            + Files.getLastModifiedTime(entry.file()).toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Integer> readBackgrounds(Path metadata) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        if (!Files.isRegularFile(metadata)) {
            return out;
        }
        List<String> lines = Files.readAllLines(metadata);
        List<String> header = List.of(lines.get(0).split(","));
        int path = header.indexOf("relative_path");
        int family = header.indexOf("background_family_index");
        if (path < 0 || family < 0) {
            throw new IOException(metadata + " lacks relative_path or background_family_index columns");
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            out.put(cells[path], Integer.parseInt(cells[family]));
        }
        return out;
    }

    private static void writeVideo(DataOutputStream out, EvalVideo video) throws IOException {
        out.writeUTF(video.relativePath());
        out.writeInt(video.label());
        out.writeInt(video.backgroundFamily());
        out.writeInt(video.clips().size());
        for (Clip clip : video.clips()) {
            out.writeInt(clip.frames());
            out.writeInt(clip.height());
            out.writeInt(clip.width());
            out.write(clip.rgb());
        }
    }

    /** Streams the videos of a cache file, one at a time. */
    private static final class CachedVideos implements Iterator<EvalVideo> {
        private final DataInputStream in;
        private int remaining;

        CachedVideos(Path file) {
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
                if (!MAGIC.equals(in.readUTF())) {
                    throw new IOException(file + " is not an evaluation clip cache");
                }
                remaining = in.readInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasNext() {
            if (remaining == 0) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // read to the end already
                }
            }
            return remaining > 0;
        }

        @Override
        public EvalVideo next() {
            if (remaining <= 0) {
                throw new NoSuchElementException();
            }
            try {
                String path = in.readUTF();
                int label = in.readInt();
                int background = in.readInt();
                List<Clip> clips = new ArrayList<>();
                for (int k = in.readInt(); k > 0; k--) {
                    int t = in.readInt();
                    int h = in.readInt();
                    int w = in.readInt();
                    byte[] rgb = new byte[t * h * w * Clip.CHANNELS];
                    in.readFully(rgb);
                    clips.add(new Clip(t, h, w, rgb));
                }
                remaining--;
                return new EvalVideo(path, label, background, clips);
            } catch (EOFException e) {
                throw new UncheckedIOException(new IOException("evaluation clip cache is truncated", e));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
