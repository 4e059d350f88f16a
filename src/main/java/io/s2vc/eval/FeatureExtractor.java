package io.s2vc.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.s2vc.model.Encoder;
import io.s2vc.model.ImageNetNormalization;
import io.s2vc.nd.ClipTensors;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Frozen backbone features for the protocols (§5.2): globally pooled backbone output (pre-head),
 * BN with its running statistics, ImageNet-normalised inputs as in training; the features of a
 * video's clips are averaged. With {@code shuffled}, each clip is also seen with its frames in a
 * seeded random order (never the natural one), for the temporal-order task.
 */
public final class FeatureExtractor {
    private final Encoder encoder;
    private final NDManager manager;
    private final int batchSize;
    private long clipsSeen;
    private long passClips;

    public FeatureExtractor(Encoder encoder, NDManager manager, int batchSize) {
        this.encoder = encoder;
        this.manager = manager;
        this.batchSize = batchSize;
    }

    /** Clips passed through the backbone so far (for throughput). */
    public long clipsSeen() {
        return clipsSeen;
    }

    public VideoFeatures extract(Iterable<EvalVideo> videos, boolean shuffled, long seed) {
        passClips = 0; // the shuffles are seeded by the clip's index in this pass
        List<float[]> natural = new ArrayList<>();
        List<float[]> reordered = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> backgrounds = new ArrayList<>();
        List<EvalVideo> pending = new ArrayList<>();
        int pendingClips = 0;
        for (EvalVideo video : videos) {
            if (Thread.currentThread().isInterrupted()) { // a cancelled evaluate job: stop within a batch
                throw new java.util.concurrent.CancellationException("feature extraction interrupted");
            }
            pending.add(video);
            pendingClips += video.clips().size();
            labels.add(video.label());
            backgrounds.add(video.backgroundFamily());
            if (pendingClips >= batchSize) {
                flush(pending, shuffled, seed, natural, reordered);
                pending.clear();
                pendingClips = 0;
            }
        }
        flush(pending, shuffled, seed, natural, reordered);
        return new VideoFeatures(natural.toArray(float[][]::new), shuffled ? reordered.toArray(float[][]::new) : null,
                labels.stream().mapToInt(Integer::intValue).toArray(),
                backgrounds.stream().mapToInt(Integer::intValue).toArray());
    }

    private void flush(List<EvalVideo> videos, boolean shuffled, long seed, List<float[]> natural,
            List<float[]> reordered) {
        if (videos.isEmpty()) {
            return;
        }
        List<Clip> clips = new ArrayList<>();
        for (EvalVideo video : videos) {
            clips.addAll(video.clips());
        }
        natural.addAll(averagePerVideo(videos, features(clips)));
        passClips += clips.size();
        if (shuffled) {
            List<Clip> shuffledClips = new ArrayList<>(clips.size());
            long firstClip = passClips - clips.size(); // the batch's clips were just counted
            for (int i = 0; i < clips.size(); i++) {
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + firstClip + i);
                shuffledClips.add(clips.get(i).reorderFrames(shuffledOrder(clips.get(i).frames(), random)));
            }
            reordered.addAll(averagePerVideo(videos, features(shuffledClips)));
        }
    }

    private float[][] features(List<Clip> clips) {
        float[][] out = new float[clips.size()][];
        for (int start = 0; start < clips.size(); start += batchSize) {
            List<Clip> batch = clips.subList(start, Math.min(clips.size(), start + batchSize));
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = ImageNetNormalization.apply(ClipTensors.toTensor(batch, scope));
                NDArray f = encoder.features(x);
                int dim = (int) f.getShape().get(1);
                float[] values = f.toFloatArray();
                for (int i = 0; i < batch.size(); i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(values, i * dim, (i + 1) * dim);
                }
            }
            clipsSeen += batch.size();
        }
        return out;
    }

    private static List<float[]> averagePerVideo(List<EvalVideo> videos, float[][] clipFeatures) {
        List<float[]> out = new ArrayList<>(videos.size());
        int row = 0;
        for (EvalVideo video : videos) {
            int n = video.clips().size();
            float[] mean = new float[clipFeatures[row].length];
            for (int k = 0; k < n; k++, row++) {
                for (int d = 0; d < mean.length; d++) {
                    mean[d] += clipFeatures[row][d] / n;
                }
            }
            out.add(mean);
        }
        return out;
    }

    /** A uniformly random permutation of 0..n-1 other than the identity (n ≥ 2). */
    static int[] shuffledOrder(int n, SplittableRandom random) {
        int[] order = new int[n];
        boolean identity = true;
        while (identity) {
            order = io.s2vc.util.Shuffles.permutation(n, random);
            for (int i = 0; i < n && identity; i++) {
                identity = order[i] == i;
            }
        }
        return order;
    }
}
