package io.s2vc.train;

import io.s2vc.config.Catalogue;
import io.s2vc.nd.CoupledAdam;
import io.s2vc.config.Config;
import io.s2vc.config.DeviceChoice;
import io.s2vc.model.BackboneType;
import io.s2vc.model.MomentumContrast;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The {@code moco.*} and {@code train.*} settings of an online trainer, serialisable so that a Flink
 * operator can carry them to a TaskManager. The defaults (the {@link Catalogue}) are the official ones.
 *
 * @param clipFrames T of the views the trainer accepts ({@code clip.frames})
 * @param viewSize their height and width ({@code augment.size})
 * @param checkpointDir where model checkpoints go: a Flink FileSystem URI or a local folder
 * @param checkpointEvery optimiser steps between model checkpoints (0 = only on demand and at the end)
 * @param checkpointRetain newest model checkpoints kept (0 = all)
 * @param runId the run's name in checkpoint events; blank = a new one, kept in the trainer's state
 * @param maxSteps the training budget: optimiser steps after which pairs are ignored (0 = unbounded)
 * @param resume whether a trainer starting without Flink state continues the newest run of the checkpoint store
 * @param maxNonFiniteSteps steps in a row with a non-finite gradient after which training stops (see GradientGuard)
 * @param maskSameVideo whether queued keys of a query's own video are left out of its negatives
 * @param bnGroups groups of the batch with their own BN statistics, keys grouped apart from their queries
 *     (shuffle-BN in one process; 1 = the whole batch)
 */
public record TrainingSettings(String profile, long seed, DeviceChoice device, int clipFrames, int viewSize,
        BackboneType backbone, int embeddingSize,
        int queueSize, double momentum, double temperature, int batchSize, double learningRate, double weightDecay,
        double beta1, double beta2, double epsilon, long stepsPerEpoch, long warmupEpochs, long[] milestoneEpochs,
        double decay, long checkpointEvery, String checkpointDir, int checkpointRetain, String runId, long maxSteps,
        boolean resume, int maxNonFiniteSteps, boolean maskSameVideo, int bnGroups) implements Serializable {

    /** @param defaultCheckpointDir used when {@code train.checkpoint_dir} is empty */
    public static TrainingSettings from(Config c, String defaultCheckpointDir) {
        String dir = c.get(Catalogue.TRAIN_CHECKPOINT_DIR).isBlank() ? defaultCheckpointDir : c.get(Catalogue.TRAIN_CHECKPOINT_DIR);
        return new TrainingSettings(c.profile(), c.get(Catalogue.SEED),
                c.get(Catalogue.DEVICE), c.get(Catalogue.CLIP_FRAMES), c.get(Catalogue.AUGMENT_SIZE),
                c.get(Catalogue.MOCO_BACKBONE), c.get(Catalogue.MOCO_EMBEDDING_SIZE),
                c.get(Catalogue.MOCO_QUEUE_SIZE), c.get(Catalogue.MOCO_MOMENTUM), c.get(Catalogue.MOCO_TEMPERATURE),
                c.get(Catalogue.TRAIN_BATCH_SIZE), c.get(Catalogue.TRAIN_LR), c.get(Catalogue.TRAIN_WEIGHT_DECAY),
                c.get(Catalogue.TRAIN_BETA1), c.get(Catalogue.TRAIN_BETA2),
                c.get(Catalogue.TRAIN_EPS), c.get(Catalogue.TRAIN_STEPS_PER_EPOCH), c.get(Catalogue.TRAIN_WARMUP_EPOCHS),
                c.get(Catalogue.TRAIN_MILESTONE_EPOCHS).stream().mapToLong(Long::longValue).toArray(),
                c.get(Catalogue.TRAIN_DECAY),
                c.get(Catalogue.TRAIN_CHECKPOINT_EVERY), dir, c.get(Catalogue.TRAIN_CHECKPOINT_RETAIN),
                c.get(Catalogue.TRAIN_RUN_ID), c.get(Catalogue.TRAIN_MAX_STEPS), c.get(Catalogue.TRAIN_RESUME),
                c.get(Catalogue.NUMERICS_MAX_NONFINITE_STEPS), c.get(Catalogue.MOCO_MASK_SAME_VIDEO),
                c.get(Catalogue.MOCO_BN_GROUPS));
    }

    /** True once {@code step} optimiser steps have spent the budget ({@code maxSteps}; never when unbounded). */
    public boolean budgetSpentAt(long step) {
        return maxSteps > 0 && step >= maxSteps;
    }

    /** Warm-up and milestones in optimiser steps: the official per-epoch schedule at {@code stepsPerEpoch}. */
    public LearningRateSchedule schedule() {
        return LearningRateSchedule.builder().optBaseLearningRate(learningRate)
                .optWarmupSteps(warmupEpochs * stepsPerEpoch)
                .optMilestones(Arrays.stream(milestoneEpochs).map(e -> e * stepsPerEpoch).toArray())
                .optDecayFactor(decay).build();
    }

    /** A training step of these settings (build it on the device's manager). */
    public TrainingStep.Builder stepBuilder() {
        return TrainingStep.builder()
                .setContrast(MomentumContrast.builder().setBackbone(backbone).optEmbeddingSize(embeddingSize)
                        .optQueueSize(queueSize).optMomentum(momentum).optTemperature(temperature).optSeed(seed)
                        .optMaskSameVideo(maskSameVideo).optBatchNormGroups(bnGroups))
                .optOptimizer(CoupledAdam.builder().optBeta1(beta1).optBeta2(beta2).optEpsilon(epsilon)
                        .optWeightDecay(weightDecay))
                .optSchedule(schedule())
                .optMaxNonFiniteInARow(maxNonFiniteSteps);
    }

    public TrainingSettings withCheckpointDir(String dir) {
        return new TrainingSettings(profile, seed, device, clipFrames, viewSize, backbone, embeddingSize, queueSize, momentum, temperature,
                batchSize, learningRate, weightDecay, beta1, beta2, epsilon, stepsPerEpoch, warmupEpochs,
                milestoneEpochs, decay, checkpointEvery, dir, checkpointRetain, runId, maxSteps, resume, maxNonFiniteSteps, maskSameVideo, bnGroups);
    }
}
