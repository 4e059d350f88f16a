package io.s2vc.flow.pretrain;

import io.s2vc.video.DatasetLayout;
import io.s2vc.video.Split;
import io.s2vc.video.VideoEntry;
import io.s2vc.video.VideoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The videos pre-training learns from and the videos its held-out frames come from, never the same:
 * for a UCF101 / HMDB51 root the train and test halves of split 1; for a plain folder of videos,
 * every {@value #HELD_OUT_EVERY}th video (in path order) is held out.
 */
public record PretrainVideos(String origin, List<Path> training, List<Path> heldOut) {
    public static final int HELD_OUT_EVERY = 10;

    public PretrainVideos {
        training = List.copyOf(training);
        heldOut = List.copyOf(heldOut);
        if (training.isEmpty() || heldOut.isEmpty()) {
            throw new IllegalArgumentException(origin + ": need videos both to train on and to hold out, got "
                    + training.size() + " and " + heldOut.size());
        }
    }

    /** @throws IllegalArgumentException if {@code root} is neither a data-set root nor a folder with videos */
    public static PretrainVideos of(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no such data folder: " + root);
        }
        DatasetLayout layout = detect(root);
        if (layout != null) {
            return new PretrainVideos(layout.name() + " split 1 at " + root,
                    files(layout.entries(1, Split.TRAIN)), files(layout.entries(1, Split.TEST)));
        }
        List<Path> training = new ArrayList<>();
        List<Path> heldOut = new ArrayList<>();
        List<Path> all = VideoFiles.under(root);
        for (int i = 0; i < all.size(); i++) {
            (i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 ? heldOut : training).add(all.get(i));
        }
        if (heldOut.isEmpty()) {
            heldOut.add(training.remove(training.size() - 1));
        }
        return new PretrainVideos("video folder " + root, training, heldOut);
    }

    private static DatasetLayout detect(Path root) {
        try {
            return DatasetLayout.detect(root);
        } catch (IllegalArgumentException notADataSet) {
            return null;
        }
    }

    private static List<Path> files(List<VideoEntry> entries) {
        return entries.stream().map(VideoEntry::file).toList();
    }
}
