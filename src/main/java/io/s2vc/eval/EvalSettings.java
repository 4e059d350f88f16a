package io.s2vc.eval;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import java.io.Serializable;
import io.s2vc.config.DeviceChoice;
import java.util.List;

/**
 * The {@code eval.*} settings with the clip geometry they share with training, serialisable for a
 * Flink operator. Defaults (the {@link Catalogue}) follow the official protocols (§5) without their quirks.
 *
 * @param frames T of an evaluation clip ({@code clip.frames})
 * @param frameStep frames between sampled frames ({@code clip.frame_step})
 * @param decodeHeight decode size, as ingest decodes ({@code ingest.height})
 * @param decodeWidth ({@code ingest.width})
 */
public record EvalSettings(String profile, DeviceChoice device, int split, int frames, int frameStep, int decodeHeight,
        int decodeWidth, int size, int clipsPerVideo, int batchSize, int maxVideosPerSplit, int linearEpochs,
        double linearLearningRate, double linearWeightDecay, int linearBatch, int[] linearMilestoneEpochs,
        boolean temporalOrder, int finetuneEpochs, double finetuneLearningRate, int[] finetuneMilestoneEpochs,
        long seed) implements Serializable {

    public static EvalSettings from(Config c) {
        return new EvalSettings(c.profile(), c.get(Catalogue.DEVICE), c.get(Catalogue.EVAL_SPLIT), c.get(Catalogue.CLIP_FRAMES),
                c.get(Catalogue.CLIP_FRAME_STEP), c.get(Catalogue.INGEST_HEIGHT), c.get(Catalogue.INGEST_WIDTH),
                c.get(Catalogue.EVAL_SIZE), c.get(Catalogue.EVAL_CLIPS_PER_VIDEO), c.get(Catalogue.EVAL_BATCH_SIZE),
                c.get(Catalogue.EVAL_MAX_VIDEOS_PER_SPLIT), c.get(Catalogue.EVAL_LINEAR_EPOCHS),
                c.get(Catalogue.EVAL_LINEAR_LR), c.get(Catalogue.EVAL_LINEAR_WEIGHT_DECAY),
                c.get(Catalogue.EVAL_LINEAR_BATCH), ints(c.get(Catalogue.EVAL_LINEAR_MILESTONE_EPOCHS)),
                c.get(Catalogue.EVAL_TEMPORAL_ORDER), c.get(Catalogue.EVAL_FINETUNE_EPOCHS),
                c.get(Catalogue.EVAL_FINETUNE_LR), ints(c.get(Catalogue.EVAL_FINETUNE_MILESTONE_EPOCHS)),
                c.get(Catalogue.EVAL_SEED));
    }

    /** What the decoded clips depend on: two evaluations with the same key share their clips. */
    public String clipKey() {
        return "T" + frames + "-step" + frameStep + "-decode" + decodeHeight + "x" + decodeWidth + "-size" + size
                + "-clips" + clipsPerVideo + "-max" + maxVideosPerSplit + "-split" + split;
    }

    private static int[] ints(List<Long> values) {
        return values.stream().mapToInt(Math::toIntExact).toArray();
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
