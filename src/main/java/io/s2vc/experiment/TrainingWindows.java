package io.s2vc.experiment;

import io.s2vc.config.Catalogue;
import io.s2vc.video.Clip;
import io.s2vc.video.ClipWindower;
import io.s2vc.video.DatasetLayout;
import io.s2vc.video.Split;
import io.s2vc.video.VideoDecoder;
import io.s2vc.video.VideoEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The clip windows of a data set's training half, cut as the ingest cuts them (same frames, frame step,
 * stride and transport size, video id = the split list's relative path), held in memory so that every
 * method and seed of an experiment trains on exactly the same stream.
 */
public final class TrainingWindows {
    /** One window: what a ClipWindow record carries, minus the transport. */
    public record Window(String videoId, int clipIndex, int label, Clip clip) {
    }

    private final List<Window> windows;
    private final int videos;
    /** For each window, the indices of all windows of its video (itself included). */
    private final int[][] sameVideo;

    private TrainingWindows(List<Window> windows, int videos) {
        this.windows = List.copyOf(windows);
        this.videos = videos;
        java.util.Map<String, List<Integer>> byVideo = new java.util.HashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            byVideo.computeIfAbsent(windows.get(i).videoId(), v -> new ArrayList<>()).add(i);
        }
        this.sameVideo = new int[windows.size()][];
        for (int i = 0; i < windows.size(); i++) {
            sameVideo[i] = byVideo.get(windows.get(i).videoId()).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The windows the ingest of {@code config} (clip.*, ingest.height/width/split) cuts from {@code root}'s training split. */
    public static TrainingWindows load(Path root, io.s2vc.config.Config config) throws IOException {
        return load(root, config.get(Catalogue.INGEST_SPLIT), new ClipWindower(config.get(Catalogue.CLIP_FRAMES),
                config.get(Catalogue.CLIP_FRAME_STEP), config.get(Catalogue.CLIP_STRIDE)), config.get(Catalogue.INGEST_HEIGHT),
                config.get(Catalogue.INGEST_WIDTH), message -> { });
    }

    /**
     * Decodes every training video of split {@code split} of {@code root}.
     *
     * @throws IllegalArgumentException when the data set has no training video
     */
    public static TrainingWindows load(Path root, int split, ClipWindower windower, int height, int width,
            Consumer<String> progress) throws IOException {
        List<VideoEntry> entries = DatasetLayout.detect(root.toAbsolutePath()).entries(split, Split.TRAIN);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no training video in split " + split + " of " + root);
        }
        List<Window> windows = new ArrayList<>();
        int done = 0;
        for (VideoEntry entry : entries) {
            try (VideoDecoder decoder = VideoDecoder.open(entry.file().toString(), height, width)) {
                windower.cut(decoder, (clipIndex, startTimeMs, clip) ->
                        windows.add(new Window(entry.relativePath(), clipIndex, entry.label(), clip)));
            }
            if (++done % 50 == 0 || done == entries.size()) {
                progress.accept("decoded " + done + " of " + entries.size() + " training videos (" + windows.size()
                        + " windows)");
            }
        }
        return new TrainingWindows(windows, entries.size());
    }

    public List<Window> windows() {
        return windows;
    }

    /** The indices of every window of window {@code index}'s video, itself included, in clip order. */
    public int[] sameVideo(int index) {
        return sameVideo[index].clone();
    }

    public int size() {
        return windows.size();
    }

    public int videos() {
        return videos;
    }
}
