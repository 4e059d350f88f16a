package io.s2vc.train;

import io.s2vc.nd.CoupledAdam;
import io.s2vc.config.Config;
import io.s2vc.config.ConfigException;
import io.s2vc.model.BackboneType;
import io.s2vc.model.MomentumContrast;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The {@code moco.*} and {@code train.*} settings of an online trainer, serialisable so that a Flink
 * operator can carry them to a TaskManager. The defaults (conf/defaults.yaml) are the official ones.
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
public record TrainingSettings(String profile, long seed, String device, int clipFrames, int viewSize, String backbone, int embeddingSize,
        int queueSize, double momentum, double temperature, int batchSize, double learningRate, double weightDecay,
        double beta1, double beta2, double epsilon, long stepsPerEpoch, long warmupEpochs, long[] milestoneEpochs,
        double decay, long checkpointEvery, String checkpointDir, int checkpointRetain, String runId, long maxSteps,
        boolean resume, int maxNonFiniteSteps, boolean maskSameVideo, int bnGroups) implements Serializable {

    /** @param defaultCheckpointDir used when {@code train.checkpoint_dir} is empty */
    public static TrainingSettings from(Config c, String defaultCheckpointDir) {
        String dir = c.getString("train.checkpoint_dir").isBlank() ? defaultCheckpointDir : c.getString("train.checkpoint_dir");
        String backbone = c.getString("moco.backbone");
        try {
            BackboneType.fromName(backbone);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("moco.backbone: " + e.getMessage());
        }
        TrainingSettings settings = new TrainingSettings(c.profile(), c.getLong("seed"),
                c.getChoice("device", "auto", "cpu", "gpu"), c.getInt("clip.frames", 1), c.getInt("augment.size", 1), backbone, c.getInt("moco.embedding_size", 1),
                c.getInt("moco.queue_size", 1), c.getDouble("moco.momentum", 0, 1), c.getDouble("moco.temperature", 1e-9, 1e9),
                c.getInt("train.batch_size", 1), c.getDouble("train.lr", 1e-12, 1e3), c.getDouble("train.weight_decay", 0, 1e3),
                c.getDouble("train.beta1", 0, 0.999999), c.getDouble("train.beta2", 0, 0.999999999),
                c.getDouble("train.eps", 1e-30, 1), c.getInt("train.steps_per_epoch", 1), c.getInt("train.warmup_epochs", 0),
                c.getAscendingLongs("train.milestone_epochs"), c.getDouble("train.decay", 1e-12, 1e3),
                c.getInt("train.checkpoint_every", 0), dir, c.getInt("train.checkpoint_retain", 0),
                c.getString("train.run_id"), c.getLong("train.max_steps"), c.getBoolean("train.resume"),
                c.getInt("numerics.max_nonfinite_steps", 1), c.getBoolean("moco.mask_same_video"),
                c.getInt("moco.bn_groups", 1));
        if (settings.batchSize() < 2 * settings.bnGroups()) {
            throw new ConfigException("moco.bn_groups must leave at least 2 pairs per group (BN in training mode): "
                    + settings.bnGroups() + " groups for train.batch_size " + settings.batchSize());
        }
        if (settings.maxSteps() < 0) {
            throw new ConfigException("train.max_steps must be >= 0 (0 = unbounded), got " + settings.maxSteps());
        }
        if (!settings.runId().isBlank() && !settings.runId().matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException("train.run_id may hold letters, digits, '.', '_' and '-', got '" + settings.runId() + "'");
        }
        return settings;
    }

    /** True once {@code step} optimiser steps have spent the budget ({@code maxSteps}; never when unbounded). */
    public boolean budgetSpentAt(long step) {
        return maxSteps > 0 && step >= maxSteps;
    }

    public BackboneType backboneType() {
        return BackboneType.fromName(backbone);
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
                .setContrast(MomentumContrast.builder().setBackbone(backboneType()).optEmbeddingSize(embeddingSize)
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
