package io.s2vc.train;

import java.util.Arrays;

/**
 * Linear warm-up, then step decay, in optimiser steps: for step s (0-based),
 * lr(s) = base · min(1, (s + 1) / warmup) · decay^(number of milestones ≤ s).
 *
 * <p>The official schedule (official §4.3, {@code adjust_learning_rate}) is set per epoch: warm-up
 * over 10 epochs with lr = base·(e + 1)/10 in epoch e, ×0.1 at epochs 400 and 450, 500 epochs, base
 * 1e-3. {@link #official(long)} maps it to steps: the warm-up ramps per step and reaches the official
 * value of each epoch at its last step, the milestones fall on the same epochs. A stream has no
 * epochs; pick the number of steps that stands for one.
 */
public final class LearningRateSchedule {
    public static final double OFFICIAL_BASE_LEARNING_RATE = 1e-3;
    public static final int OFFICIAL_WARMUP_EPOCHS = 10;
    public static final long[] OFFICIAL_MILESTONE_EPOCHS = {400, 450};
    public static final int OFFICIAL_EPOCHS = 500;

    private final double baseLearningRate;
    private final long warmupSteps;
    private final long[] milestones;
    private final double decayFactor;

    private LearningRateSchedule(Builder builder) {
        baseLearningRate = builder.baseLearningRate;
        warmupSteps = builder.warmupSteps;
        milestones = builder.milestones.clone();
        decayFactor = builder.decayFactor;
    }

    /** Defaults: constant 1e-3 (no warm-up, no milestones), decay factor 0.1 at milestones if given. */
    public static Builder builder() {
        return new Builder();
    }

    /** The official schedule with {@code stepsPerEpoch} optimiser steps standing for one epoch. */
    public static LearningRateSchedule official(long stepsPerEpoch) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("steps per epoch must be positive, got " + stepsPerEpoch);
        }
        return builder()
                .optBaseLearningRate(OFFICIAL_BASE_LEARNING_RATE)
                .optWarmupSteps(OFFICIAL_WARMUP_EPOCHS * stepsPerEpoch)
                .optMilestones(Arrays.stream(OFFICIAL_MILESTONE_EPOCHS).map(e -> e * stepsPerEpoch).toArray())
                .build();
    }

    /** The learning rate of step {@code step} (0-based: the first step is 0). */
    public double learningRate(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        double rate = baseLearningRate;
        if (step < warmupSteps) {
            rate *= (double) (step + 1) / warmupSteps;
        }
        for (long milestone : milestones) {
            if (step >= milestone) {
                rate *= decayFactor;
            }
        }
        return rate;
    }

    public double baseLearningRate() {
        return baseLearningRate;
    }

    public long warmupSteps() {
        return warmupSteps;
    }

    public long[] milestones() {
        return milestones.clone();
    }

    public double decayFactor() {
        return decayFactor;
    }

    @Override
    public String toString() {
        return "LearningRateSchedule[base=" + baseLearningRate + ", warmupSteps=" + warmupSteps
                + ", milestones=" + Arrays.toString(milestones) + ", decay=" + decayFactor + "]";
    }

    public static final class Builder {
        private double baseLearningRate = OFFICIAL_BASE_LEARNING_RATE;
        private long warmupSteps;
        private long[] milestones = {};
        private double decayFactor = 0.1;

        private Builder() {
        }

        public Builder optBaseLearningRate(double baseLearningRate) {
            this.baseLearningRate = baseLearningRate;
            return this;
        }

        /** Steps of linear warm-up from base/warmup to base; 0 = none. */
        public Builder optWarmupSteps(long warmupSteps) {
            this.warmupSteps = warmupSteps;
            return this;
        }

        /** Steps (0-based) from which the rate is multiplied by the decay factor once more; ascending. */
        public Builder optMilestones(long... milestones) {
            this.milestones = milestones.clone();
            return this;
        }

        public Builder optDecayFactor(double decayFactor) {
            this.decayFactor = decayFactor;
            return this;
        }

        public LearningRateSchedule build() {
            if (!(baseLearningRate > 0) || warmupSteps < 0 || !(decayFactor > 0)) {
                throw new IllegalArgumentException("need a positive base rate and decay, and warm-up >= 0");
            }
            for (int i = 0; i < milestones.length; i++) {
                if (milestones[i] < 0 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                    throw new IllegalArgumentException("milestones must be ascending and >= 0: "
                            + Arrays.toString(milestones));
                }
            }
            return new LearningRateSchedule(this);
        }
    }
}
