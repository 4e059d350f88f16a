package io.s2vc.eval;

import io.s2vc.config.Config;
import io.s2vc.config.ConfigException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Arrays;

/**
 * The {@code eval.*} settings with the clip geometry they share with training, serialisable for a
 * Flink operator. Defaults (conf/defaults.yaml) follow the official protocols (§5) without their quirks.
 *
 * @param frames T of an evaluation clip ({@code clip.frames})
 * @param frameStep frames between sampled frames ({@code clip.frame_step})
 * @param decodeHeight decode size, as ingest decodes ({@code ingest.height})
 * @param decodeWidth ({@code ingest.width})
 */
public record EvalSettings(String profile, String device, int split, int frames, int frameStep, int decodeHeight,
        int decodeWidth, int size, int clipsPerVideo, int batchSize, int maxVideosPerSplit, int linearEpochs,
        double linearLearningRate, double linearWeightDecay, int linearBatch, int[] linearMilestoneEpochs,
        boolean temporalOrder, int finetuneEpochs, double finetuneLearningRate, int[] finetuneMilestoneEpochs,
        long seed) implements Serializable {

    public static EvalSettings from(Config c) {
        return new EvalSettings(c.profile(), c.getChoice("device", "auto", "cpu", "gpu"), split(c), c.getInt("clip.frames", 2),
                c.getInt("clip.frame_step", 1), c.getInt("ingest.height", 8), c.getInt("ingest.width", 8),
                c.getInt("eval.size", 8), c.getInt("eval.clips_per_video", 1), c.getInt("eval.batch_size", 1),
                c.getInt("eval.max_videos_per_split", 0), c.getInt("eval.linear_epochs", 1),
                c.getDouble("eval.linear_lr", 1e-12, 10), c.getDouble("eval.linear_weight_decay", 0, 10),
                c.getInt("eval.linear_batch", 1), ints(c.getAscendingLongs("eval.linear_milestone_epochs")),
                c.getBoolean("eval.temporal_order"), c.getInt("eval.finetune_epochs", 0),
                c.getDouble("eval.finetune_lr", 1e-12, 10), ints(c.getAscendingLongs("eval.finetune_milestone_epochs")),
                c.getLong("eval.seed"));
    }

    private static int split(Config c) {
        int split = c.getInt("eval.split");
        if (split < 1 || split > 3) {
            throw new ConfigException("eval.split must be 1, 2 or 3, got " + split);
        }
        return split;
    }

    /** What the decoded clips depend on: two evaluations with the same key share their clips. */
    public String clipKey() {
        return "T" + frames + "-step" + frameStep + "-decode" + decodeHeight + "x" + decodeWidth + "-size" + size
                + "-clips" + clipsPerVideo + "-max" + maxVideosPerSplit + "-split" + split;
    }

    private static int[] ints(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }

    /** Full fine-tuning's settings (batch and weight decay as the linear probe's, as the official code). */
    public FineTune.Settings fineTune() {
        return new FineTune.Settings(finetuneEpochs, finetuneLearningRate, linearWeightDecay, linearBatch,
                finetuneMilestoneEpochs, seed);
    }

    public LinearProbe.Settings linearProbe() {
        return new LinearProbe.Settings(linearEpochs, linearLearningRate, linearWeightDecay, linearBatch,
                linearMilestoneEpochs, seed);
    }
}
