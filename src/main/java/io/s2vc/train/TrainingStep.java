package io.s2vc.train;

import io.s2vc.nd.CoupledAdam;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.nd.ArrayScope;
import io.s2vc.nd.GradientGuard;
import io.s2vc.nd.ParameterBackup;
import io.s2vc.nd.Autograd;
import io.s2vc.model.ImageNetNormalization;
import io.s2vc.model.InfoNce;
import io.s2vc.model.MomentumContrast;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Online MoCo training, one batch of positive pairs at a time, as the official pre-training loop does
 * it (official §4.2–4.3): momentum update of the key encoder → keys (no gradient) → queries →
 * InfoNCE against the keys and the queue → backward → {@link CoupledAdam} step over the query
 * encoder at the {@link LearningRateSchedule}'s rate → enqueue the keys.
 *
 * <p>Every array of a step lives in a sub-manager closed at its end, so native memory does not grow
 * with the number of steps. {@link #snapshot()} / {@link #restore} save and restore the whole
 * training state exactly ({@link TrainerState}). Not thread-safe; one instance per training thread.
 *
 * <p>Threads: libtorch's intra-op thread pool is per process and spins while it waits. With several
 * tensor operators busy on one machine, keep {@code ai.djl.pytorch.num_threads} × operators ≤ cores:
 * on the 2-core machine a tiny3d step next to one other busy libtorch process took 1.6 s with
 * 2 threads and 0.19 s with 1 (0.11 s alone with 2).
 */
public final class TrainingStep implements AutoCloseable {
    private final NDManager manager;
    private final MomentumContrast contrast;
    private final CoupledAdam optimizer;
    private final LearningRateSchedule schedule;
    private final boolean normalizeInputs;
    private final GradientGuard guard;
    private final Consumer<PairList<String, Parameter>> afterBackward;
    private long globalStep;

    private TrainingStep(Builder builder, NDManager parent) {
        manager = parent.newSubManager();
        try {
            contrast = builder.contrast.build(manager);
            optimizer = builder.optimizer.build(contrast.trainableParameters(), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        schedule = builder.schedule;
        normalizeInputs = builder.normalizeInputs;
        guard = new GradientGuard("MoCo training", builder.maxNonFiniteInARow);
        afterBackward = builder.afterBackward;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@link #run(NDArray, NDArray, List)} without video ids. */
    public StepResult run(NDArray queryClips, NDArray keyClips) {
        return run(queryClips, keyClips, null);
    }

    /**
     * One optimiser step on a batch of positive pairs. The batch may have any size, also a different
     * one every step.
     *
     * @param queryClips (B, 3, T, H, W), the augmented query views; in [0, 1] unless the builder said the
     *     inputs come normalised
     * @param keyClips (B, 3, T, H, W), the (motion-preserved) key views of the same clips, same scale
     * @param videoIds the video of each pair, or {@code null}: counts false negatives in the queue and, when
     *     the MoCo masks them, leaves them out; entries may be {@code null}
     */
    public StepResult run(NDArray queryClips, NDArray keyClips, List<String> videoIds) {
        checkBatch(queryClips, keyClips, videoIds);
        double learningRate = schedule.learningRate(globalStep);
        try (NDManager scope = manager.newSubManager(); Autograd.Scope noGradient = Autograd.pause()) {
            NDArray queryInput = prepare(queryClips, scope);
            NDArray keyInput = prepare(keyClips, scope);
            optimizer.zeroGradients();
            ParameterBackup before = ParameterBackup.of(contrast.parametersChangedBeforeUpdate(), scope);
            contrast.updateKeyEncoder();
            NDArray keys = contrast.encodeKeys(keyInput);
            InfoNce.Result result;
            try (Autograd.Scope recording = Autograd.record()) {
                result = contrast.contrast(contrast.encodeQueries(queryInput), keys, videoIds);
                Autograd.backward(result.loss());
            }
            afterBackward.accept(optimizer.parameters());
            float loss = result.loss().getFloat();
            if (!Float.isFinite(loss)) {
                before.restore();
                throw new IllegalStateException("training diverged at step " + (globalStep + 1) + " (InfoNCE loss "
                        + loss + "); lower train.lr");
            }
            long sameVideoNegatives = contrast.queue().sameVideoKeys(videoIds);
            boolean admitted;
            try {
                admitted = guard.admit(globalStep + 1, optimizer);
            } catch (RuntimeException e) {
                before.restore(); // stopping: the state stays that of the last good step
                optimizer.zeroGradients();
                throw e;
            }
            if (!admitted) {
                before.restore(); // the key encoder and BN statistics as they were: the step left no trace
                optimizer.zeroGradients();
                return new StepResult(globalStep, loss, learningRate, result.accuracy(), sameVideoNegatives,
                        contrast.queue().stats(), true);
            }
            optimizer.step(learningRate);
            contrast.enqueue(keys, videoIds);
            globalStep++;
            return new StepResult(globalStep, loss, learningRate, result.accuracy(), sameVideoNegatives,
                    contrast.queue().stats(), false);
        }
    }

    /** Steps skipped because a gradient was not finite (since this object was built). */
    public long skippedSteps() {
        return guard.skippedSteps();
    }

    private NDArray prepare(NDArray clips, NDManager scope) {
        NDArray alias = ArrayScope.alias(clips, scope);
        return normalizeInputs ? ImageNetNormalization.apply(alias) : alias;
    }

    private static void checkBatch(NDArray queryClips, NDArray keyClips, List<String> videoIds) {
        Shape q = queryClips.getShape();
        Shape k = keyClips.getShape();
        if (q.dimension() != 5 || q.get(1) != 3 || k.dimension() != 5 || k.get(1) != 3 || q.get(0) != k.get(0)) {
            throw new IllegalArgumentException(
                    "query and key clips must be (B, 3, T, H, W) with the same B, got " + q + " and " + k);
        }
        if (videoIds != null && videoIds.size() != q.get(0)) {
            throw new IllegalArgumentException(videoIds.size() + " video ids for a batch of " + q.get(0));
        }
    }

    /** Optimiser steps taken (the model version). */
    public long globalStep() {
        return globalStep;
    }

    void setGlobalStep(long globalStep) {
        this.globalStep = globalStep;
    }

    public MomentumContrast contrast() {
        return contrast;
    }

    public CoupledAdam optimizer() {
        return optimizer;
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** The whole training state, exactly; see {@link TrainerState}. */
    public TrainerState snapshot() {
        return TrainerState.capture(this);
    }

    /**
     * Replaces the training state by {@code state}, taken from a training step of the same backbone,
     * embedding size and queue size; continuing then gives the same results as the original would.
     * Hyper-parameters (schedule, momentum, temperature, Adam's) are this object's own.
     */
    public void restore(TrainerState state) {
        state.restoreInto(this);
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * The MoCo configuration is required. Defaults: {@link CoupledAdam}'s (official Adam, wd 1e-5),
     * a constant learning rate 1e-3 (see {@link LearningRateSchedule#official(long)} for the official
     * schedule), inputs in [0, 1] that the step ImageNet-normalises.
     */
    public static final class Builder {
        private MomentumContrast.Builder contrast;
        private CoupledAdam.Builder optimizer = CoupledAdam.builder();
        private LearningRateSchedule schedule = LearningRateSchedule.builder().build();
        private boolean normalizeInputs = true;
        private int maxNonFiniteInARow = GradientGuard.DEFAULT_MAX_IN_A_ROW;
        private Consumer<PairList<String, Parameter>> afterBackward = parameters -> { };

        private Builder() {
        }

        /** Runs on the trained parameters between backward and the guard: where a test puts a kernel's garbage. */
        Builder optAfterBackward(Consumer<PairList<String, Parameter>> afterBackward) {
            this.afterBackward = afterBackward;
            return this;
        }

        /** Steps in a row with a non-finite gradient after which training stops (default 3; see {@link GradientGuard}). */
        public Builder optMaxNonFiniteInARow(int maxNonFiniteInARow) {
            this.maxNonFiniteInARow = maxNonFiniteInARow;
            return this;
        }

        public Builder setContrast(MomentumContrast.Builder contrast) {
            this.contrast = contrast;
            return this;
        }

        public Builder optOptimizer(CoupledAdam.Builder optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder optSchedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** True (default): clips come in [0, 1] and the step normalises them; false: they come normalised. */
        public Builder optNormalizeInputs(boolean normalizeInputs) {
            this.normalizeInputs = normalizeInputs;
            return this;
        }

        /** A new training step whose state lives in a sub-manager of {@code manager}. */
        public TrainingStep build(NDManager manager) {
            if (contrast == null) {
                throw new IllegalArgumentException("a training step needs a MoCo configuration");
            }
            return new TrainingStep(this, manager);
        }
    }
}
