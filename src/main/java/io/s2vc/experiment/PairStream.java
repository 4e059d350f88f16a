package io.s2vc.experiment;

import io.s2vc.augment.ViewAugmenter;
import io.s2vc.augment.ViewKind;
import io.s2vc.augment.ViewRandomness;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The stream of one seed: passes over the training windows, each in its own seeded order, with a fresh
 * query view per window and pass. The query views are made once and kept, so that every method of the
 * seed trains on byte-identical queries in the same order; only the key view differs between methods.
 */
public final class PairStream {
    /** The i-th element: which window (and its index), in which pass, with which query view. */
    public record Item(int index, TrainingWindows.Window window, int pass, Clip query) {
    }

    private final TrainingWindows windows;
    private final ViewAugmenter augmenter;
    private final long seed;
    private final List<int[]> orders = new ArrayList<>();
    private final List<Clip> queries = new ArrayList<>();

    public PairStream(TrainingWindows windows, ViewAugmenter augmenter, long seed) {
        this.windows = windows;
        this.augmenter = augmenter;
        this.seed = seed;
    }

    /** Element {@code i} (0-based), made on first use. */
    public Item get(long i) {
        int pass = (int) (i / windows.size());
        int window = order(pass)[(int) (i % windows.size())];
        while (queries.size() <= i) {
            long k = queries.size();
            int p = (int) (k / windows.size());
            TrainingWindows.Window w = windows.windows().get(order(p)[(int) (k % windows.size())]);
            long clipIndex = w.clipIndex() + p * KeyViewBank.VIEW_STRIDE;
            queries.add(augmenter.makeView(w.clip(), ViewRandomness.stream(seed, w.videoId(), clipIndex, ViewKind.QUERY),
                    ViewKind.QUERY));
        }
        return new Item(window, windows.windows().get(window), pass, queries.get((int) i));
    }

    public long seed() {
        return seed;
    }

    /** A Fisher–Yates shuffle of the windows for each pass, seeded by (seed, pass). */
    private int[] order(int pass) {
        while (orders.size() <= pass) {
            SplittableRandom random = new SplittableRandom(seed * 0x9e3779b97f4a7c15L + orders.size());
            orders.add(io.s2vc.util.Shuffles.permutation(windows.size(), random));
        }
        return orders.get(pass);
    }
}
