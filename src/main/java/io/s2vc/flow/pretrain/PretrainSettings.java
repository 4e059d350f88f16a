package io.s2vc.flow.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that decides what a pre-training run computes. The defaults are AdvFlow's
 * (reference §1.7) where it says something, ours otherwise (see docs/configuration.md).
 *
 * @param seed seed of the held-out draw and of every step's random draws
 * @param batchSize frames per step
 * @param schedule learning rate, epochs, warm-up and decay
 * @param beta1 Adam β1
 * @param beta2 Adam β2
 * @param epsilon Adam ε
 * @param weightDecay coupled L2 weight decay
 * @param noiseSigma standard deviation of the additive Gaussian noise on training frames (0 = off)
 * @param flipProbability probability of a horizontal flip of a training frame
 * @param poolFrames capacity of the in-memory frame pool
 * @param readsPerStep source reads ({@link FrameSource#next}) into the pool before each step
 * @param heldOutFrames size of the fixed held-out set
 * @param evaluateEvery steps between held-out evaluations
 * @param checkpointEvery steps between checkpoints
 */
public record PretrainSettings(
        long seed,
        int batchSize,
        LearningRateSchedule schedule,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        double noiseSigma,
        double flipProbability,
        int poolFrames,
        int readsPerStep,
        int heldOutFrames,
        int evaluateEvery,
        int checkpointEvery) {

    /** Settings that only decide when things are reported or saved: a resumed run may change them. */
    private static final Set<String> REPORTING = Set.of("evaluateEvery", "checkpointEvery");
    private static final ObjectMapper JSON = new ObjectMapper();

    public PretrainSettings {
        require(batchSize >= 1, "batch size must be >= 1");
        require(poolFrames >= batchSize, "the frame pool must hold at least one batch");
        require(readsPerStep >= 0, "reads per step must be >= 0");
        require(heldOutFrames >= 1, "the held-out set needs at least one frame");
        require(evaluateEvery >= 1 && checkpointEvery >= 1, "evaluation and checkpoint intervals must be >= 1");
        require(noiseSigma >= 0 && flipProbability >= 0 && flipProbability <= 1,
                "noise sigma must be >= 0 and flip probability in [0, 1]");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What differs from the settings a checkpoint was made with, as {@code name: saved → now}, ignoring
     * the reporting intervals. A resumed run continues exactly only if this is empty.
     */
    public List<String> differencesFrom(PretrainSettings saved) {
        Map<String, Object> now = flat(this);
        Map<String, Object> before = flat(saved);
        List<String> differences = new ArrayList<>();
        now.forEach((name, value) -> {
            if (!REPORTING.contains(name) && !value.equals(before.get(name))) {
                differences.add(name + ": " + before.get(name) + " → " + value);
            }
        });
        return differences;
    }

    private static Map<String, Object> flat(PretrainSettings settings) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(settings, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> schedule = (Map<String, Object>) map.remove("schedule");
        schedule.forEach((name, value) -> map.put("schedule." + name, value));
        return map;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("pre-training settings: " + message);
        }
    }

    /** DJL-style builder; every setting is optional ({@code opt…}) and defaults to AdvFlow's recipe. */
    public static final class Builder {
        private long seed;
        private int batchSize = 64;
        private double learningRate = 1e-4;
        private int stepsPerEpoch = 1024;
        private int epochs = 350;
        private double totalDecay = 0.01;
        private int warmupEpochs = 1;
        private double warmupFactor = 0.02;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-6;
        private double weightDecay = 1e-5;
        private double noiseSigma = 0.02;
        private double flipProbability = 0.5;
        private int poolFrames = 8192;
        private int readsPerStep = 1;
        private int heldOutFrames = 1024;
        private int evaluateEvery = 1024;
        private int checkpointEvery = 1024;

        private Builder() {
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optEpochs(int epochs, int stepsPerEpoch) {
            this.epochs = epochs;
            this.stepsPerEpoch = stepsPerEpoch;
            return this;
        }

        /** Total factor of the per-epoch exponential decay over all epochs. */
        public Builder optTotalDecay(double totalDecay) {
            this.totalDecay = totalDecay;
            return this;
        }

        public Builder optWarmup(int epochs, double factor) {
            this.warmupEpochs = epochs;
            this.warmupFactor = factor;
            return this;
        }

        public Builder optAdam(double beta1, double beta2, double epsilon, double weightDecay) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder optNoiseSigma(double noiseSigma) {
            this.noiseSigma = noiseSigma;
            return this;
        }

        public Builder optFlipProbability(double flipProbability) {
            this.flipProbability = flipProbability;
            return this;
        }

        public Builder optPool(int frames, int readsPerStep) {
            this.poolFrames = frames;
            this.readsPerStep = readsPerStep;
            return this;
        }

        public Builder optHeldOutFrames(int heldOutFrames) {
            this.heldOutFrames = heldOutFrames;
            return this;
        }

        public Builder optEvaluateEvery(int steps) {
            this.evaluateEvery = steps;
            return this;
        }

        public Builder optCheckpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        public PretrainSettings build() {
            return new PretrainSettings(seed, batchSize,
                    new LearningRateSchedule(learningRate, stepsPerEpoch, epochs, totalDecay, warmupEpochs, warmupFactor),
                    beta1, beta2, epsilon, weightDecay, noiseSigma, flipProbability, poolFrames, readsPerStep,
                    heldOutFrames, evaluateEvery, checkpointEvery);
        }
    }
}
