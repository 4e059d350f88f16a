package io.s2vc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    /** The official per-epoch rule (utils.adjust_learning_rate): warm-up (e + 1)/10, ×0.1 at 400 and 450. */
    private static double official(int epoch) {
        double lr = 1e-3;
        if (epoch < 10) {
            lr *= (epoch + 1) / 10.0;
        }
        if (epoch >= 400) {
            lr *= 0.1;
        }
        if (epoch >= 450) {
            lr *= 0.1;
        }
        return lr;
    }

    @Test
    void oneStepPerEpochIsTheOfficialSchedule() {
        LearningRateSchedule schedule = LearningRateSchedule.official(1);
        for (int epoch = 0; epoch < LearningRateSchedule.OFFICIAL_EPOCHS; epoch++) {
            assertEquals(official(epoch), schedule.learningRate(epoch), 1e-15, "epoch " + epoch);
        }
    }

    @Test
    void manyStepsPerEpochRampAndDecayOnTheSameEpochs() {
        int perEpoch = 7;
        LearningRateSchedule schedule = LearningRateSchedule.official(perEpoch);
        assertEquals(1e-3 / 70, schedule.learningRate(0), 1e-15);
        for (int epoch = 0; epoch < 10; epoch++) {
            assertEquals(official(epoch), schedule.learningRate(epoch * perEpoch + perEpoch - 1), 1e-15);
        }
        assertEquals(1e-3, schedule.learningRate(400L * perEpoch - 1), 1e-15);
        assertEquals(1e-4, schedule.learningRate(400L * perEpoch), 1e-15);
        assertEquals(1e-5, schedule.learningRate(450L * perEpoch), 1e-15);
    }

    @Test
    void defaultsToAConstantRateAndChecksItsInput() {
        LearningRateSchedule constant = LearningRateSchedule.builder().build();
        assertEquals(1e-3, constant.learningRate(0));
        assertEquals(1e-3, constant.learningRate(1_000_000));
        LearningRateSchedule custom = LearningRateSchedule.builder().optBaseLearningRate(0.5).optWarmupSteps(2)
                .optMilestones(3, 5).optDecayFactor(0.5).build();
        assertEquals(0.25, custom.learningRate(0));
        assertEquals(0.5, custom.learningRate(2));
        assertEquals(0.25, custom.learningRate(3));
        assertEquals(0.125, custom.learningRate(5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.builder().optMilestones(5, 3).build());
        assertThrows(IllegalArgumentException.class, () -> constant.learningRate(-1));
    }
}
