package io.s2vc.flow.pretrain;

/**
 * AdvFlow's schedule (reference §1.7): {@code warmupEpochs} epochs at lr × {@code warmupFactor}, then
 * {@code epochs} epochs whose rate decays per epoch by γ = {@code totalDecay}^(1/epochs), from lr
 * down to lr × totalDecay. The rate is constant within an epoch of {@code stepsPerEpoch} steps.
 */
public record LearningRateSchedule(
        double learningRate, int stepsPerEpoch, int epochs, double totalDecay, int warmupEpochs, double warmupFactor) {

    public LearningRateSchedule {
        if (!(learningRate > 0) || stepsPerEpoch < 1 || epochs < 1 || !(totalDecay > 0) || warmupEpochs < 0
                || !(warmupFactor > 0)) {
            throw new IllegalArgumentException("learning-rate schedule needs lr > 0, steps per epoch >= 1, epochs >= 1, "
                    + "total decay > 0, warm-up epochs >= 0 and warm-up factor > 0");
        }
    }

    /** Warm-up and decay epochs together. */
    public long totalSteps() {
        return (long) (warmupEpochs + epochs) * stepsPerEpoch;
    }

    /** The epoch of a 0-based step: negative during warm-up, then 0 … epochs − 1. */
    public long epoch(long step) {
        return step / stepsPerEpoch - warmupEpochs;
    }

    /** The rate of a 0-based step. */
    public double rate(long step) {
        long epoch = epoch(step);
        if (epoch < 0) {
            return learningRate * warmupFactor;
        }
        return learningRate * Math.pow(totalDecay, (double) Math.min(epoch, epochs - 1) / epochs);
    }
}
