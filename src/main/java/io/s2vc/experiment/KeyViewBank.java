package io.s2vc.experiment;

import ai.djl.ndarray.NDManager;
import io.s2vc.augment.ViewAugmenter;
import io.s2vc.augment.ViewKind;
import io.s2vc.augment.ViewRandomness;
import io.s2vc.nd.ClipTensors;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionResult;
import io.s2vc.suppress.SuppressionSeeds;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The key views of an experiment, made once and shared by every seed and method: {@code V} augmented key
 * views per training window and, for each compared method, the key view that method trains on (the plain
 * view, or its motion-preserved version). On a CPU suppression costs about ten times a training step, so
 * it is paid once per (window, view) and not once per run; all suppression variants of a batch share one
 * flow encoding ({@link StaticCueSuppressor#suppressVariants}).
 *
 * <p>Key view {@code v} of window {@code w} is made with the randomness the augment job would use for clip
 * index {@code clipIndex(w) + v·2³²} (so view 0 of a same-window pair is the stream's own key view), and its
 * suppression seed is that of the same clip index. Its clip is window {@code w} itself ({@link KeyClip#SAME})
 * or a window of the same video drawn uniformly from that randomness ({@link KeyClip#INDEPENDENT}, the
 * official {@code double_sample}).
 */
public final class KeyViewBank {
    /** Which clip of the video the key view is cut from. */
    public enum KeyClip {
        /** The query's own window (what the augment job pairs today). */
        SAME,
        /** Any window of the same video, drawn independently of the query's (official: double_sample, §3.2). */
        INDEPENDENT
    }

    /** Clip-index offset between the views of one window: disjoint from any real clip index. */
    static final long VIEW_STRIDE = 1L << 32;

    private final List<Method> methods;
    private final int viewsPerWindow;
    /** keys[method][window · V + view]. */
    private final Clip[][] keys;
    private final double[] suppressedFraction;

    private KeyViewBank(List<Method> methods, int viewsPerWindow, Clip[][] keys, double[] suppressedFraction) {
        this.methods = List.copyOf(methods);
        this.viewsPerWindow = viewsPerWindow;
        this.keys = keys;
        this.suppressedFraction = suppressedFraction;
    }

    /**
     * Makes the bank.
     *
     * @param suppressor the suppressor whose flow, mode and seed the suppressing methods use (null when no
     *     method suppresses)
     * @param batchSize clips per suppression call
     */
    public static KeyViewBank build(TrainingWindows windows, ViewAugmenter augmenter, int viewsPerWindow,
            KeyClip keyClip, List<Method> methods, StaticCueSuppressor suppressor, int batchSize, NDManager manager,
            Consumer<String> progress) {
        List<Method> suppressing = methods.stream().filter(Method::suppresses).toList();
        if (!suppressing.isEmpty() && suppressor == null) {
            throw new IllegalArgumentException("methods " + suppressing + " need a suppressor");
        }
        List<StaticCueSuppressor.Variant> variants = suppressing.stream().map(Method::variant).toList();
        int total = windows.size() * viewsPerWindow;
        Clip[][] keys = new Clip[methods.size()][total];
        double[] fractionSums = new double[methods.size()];
        long start = System.nanoTime();
        for (int from = 0; from < total; from += batchSize) {
            int to = Math.min(total, from + batchSize);
            List<Clip> plain = new ArrayList<>(to - from);
            long[] seeds = new long[to - from];
            for (int i = from; i < to; i++) {
                TrainingWindows.Window w = windows.windows().get(i / viewsPerWindow);
                long clipIndex = w.clipIndex() + (i % viewsPerWindow) * VIEW_STRIDE;
                SplittableRandom random = ViewRandomness.stream(augmenter.seed(), w.videoId(), clipIndex, ViewKind.KEY);
                Clip source = w.clip();
                if (keyClip == KeyClip.INDEPENDENT) {
                    int[] candidates = windows.sameVideo(i / viewsPerWindow);
                    source = windows.windows().get(candidates[random.nextInt(candidates.length)]).clip();
                }
                plain.add(augmenter.makeView(source, random, ViewKind.KEY));
                seeds[i - from] = SuppressionSeeds.forClip(w.videoId(), clipIndex);
            }
            List<List<Clip>> made = new ArrayList<>();
            List<float[]> fractions = new ArrayList<>();
            if (!variants.isEmpty()) {
                try (NDManager batch = manager.newSubManager()) {
                    for (SuppressionResult result : suppressor.suppressVariants(ClipTensors.toTensor(plain, batch), seeds,
                            variants)) {
                        made.add(ClipTensors.toClips(result.output()));
                        fractions.add(result.suppressedFractions());
                    }
                }
            }
            for (int m = 0, s = 0; m < methods.size(); m++) {
                List<Clip> source = methods.get(m).suppresses() ? made.get(s) : plain;
                for (int i = from; i < to; i++) {
                    keys[m][i] = source.get(i - from);
                    if (methods.get(m).suppresses()) {
                        fractionSums[m] += fractions.get(s)[i - from];
                    }
                }
                s += methods.get(m).suppresses() ? 1 : 0;
            }
            if ((from / batchSize) % 10 == 0 || to == total) {
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.accept(String.format(Locale.ROOT, "key views: %d of %d made for %d methods (%.0f s, %.1f views/s)",
                        to, total, methods.size(), seconds, to / Math.max(seconds, 1e-9)));
            }
        }
        double[] mean = new double[methods.size()];
        for (int m = 0; m < methods.size(); m++) {
            mean[m] = methods.get(m).suppresses() ? fractionSums[m] / total : 0;
        }
        return new KeyViewBank(methods, viewsPerWindow, keys, mean);
    }

    /** The key view that {@code method} trains on for view {@code view} of window {@code window}. */
    public Clip key(Method method, int window, int view) {
        return keys[index(method)][window * viewsPerWindow + view];
    }

    public int viewsPerWindow() {
        return viewsPerWindow;
    }

    /** Mean share of latents (pixel values for TFD) the method suppressed; 0 for the plain view. */
    public double suppressedFraction(Method method) {
        return suppressedFraction[index(method)];
    }

    private int index(Method method) {
        int i = methods.indexOf(method);
        if (i < 0) {
            throw new IllegalArgumentException("method " + method.id() + " is not in this bank");
        }
        return i;
    }
}
