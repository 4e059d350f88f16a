package io.s2vc.experiment;

import io.s2vc.augment.ViewAugmenter;
import io.s2vc.augment.ViewKind;
import io.s2vc.eval.FineTune.LabelledBatch;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Labelled batches for supervised training on what the contrastive model sees: training windows drawn at
 * random (each pass over the windows in a new seeded order) and cut by the augmenter's key view (crop and
 * flip, consistent over the clip; no colour), fresh every time a window comes round.
 */
public final class AugmentedBatches implements Iterator<LabelledBatch> {
    private final TrainingWindows windows;
    private final ViewAugmenter augmenter;
    private final int batchSize;
    private final long steps;
    private final SplittableRandom random;
    private int[] order = new int[0];
    private int next;
    private long made;

    /** {@code steps} batches of {@code batchSize} views of {@code windows}, drawn from {@code seed}. */
    public AugmentedBatches(TrainingWindows windows, ViewAugmenter augmenter, int batchSize, long steps, long seed) {
        if (batchSize < 2 || steps < 0 || windows.size() < batchSize) {
            throw new IllegalArgumentException("need a batch of >= 2 from at least as many windows and >= 0 steps, got "
                    + batchSize + " of " + windows.size() + " windows, " + steps + " steps");
        }
        this.windows = windows;
        this.augmenter = augmenter;
        this.batchSize = batchSize;
        this.steps = steps;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public boolean hasNext() {
        return made < steps;
    }

    @Override
    public LabelledBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + steps + " batches were made");
        }
        List<Clip> clips = new ArrayList<>(batchSize);
        int[] labels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            TrainingWindows.Window window = windows.windows().get(nextWindow());
            clips.add(augmenter.makeView(window.clip(), random, ViewKind.KEY));
            labels[i] = window.label();
        }
        made++;
        return new LabelledBatch(clips, labels);
    }

    private int nextWindow() {
        if (next == order.length) {
            order = io.s2vc.util.Shuffles.permutation(windows.size(), random);
            next = 0;
        }
        return order[next++];
    }
}
