package io.s2vc.flow.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.s2vc.flow.EngineScalar;
import io.s2vc.flow.FlowModel;
import io.s2vc.nd.Autograd;
import io.s2vc.nd.CoupledAdam;
import io.s2vc.nd.GradientGuard;
import java.util.function.Consumer;

/**
 * One maximum-likelihood update of a flow on a batch of frames: mean bits/dim → backward (in nats per
 * frame, the reference's objective up to a constant, so Adam's ε and L2 act at the reference's scale) →
 * {@link GradientGuard} → {@link CoupledAdam}. The step's arrays belong to the batch's manager.
 */
public final class LikelihoodStep {
    private final FlowModel model;
    private final CoupledAdam adam;
    private final GradientGuard guard;
    private final Consumer<PairList<String, Parameter>> afterBackward;

    /** A step over the flow's trainable parameters with {@code adam} built by the caller. */
    public LikelihoodStep(FlowModel model, CoupledAdam adam, GradientGuard guard) {
        this(model, adam, guard, parameters -> { });
    }

    /** As above; {@code afterBackward} runs between backward and the guard: where a test puts a kernel's garbage. */
    LikelihoodStep(FlowModel model, CoupledAdam adam, GradientGuard guard,
            Consumer<PairList<String, Parameter>> afterBackward) {
        this.model = model;
        this.adam = adam;
        this.guard = guard;
        this.afterBackward = afterBackward;
    }

    /** The parameters of {@code model} that train (the fixed 1×1 matrices and permutations do not). */
    public static PairList<String, Parameter> trainableParameters(FlowModel model) {
        PairList<String, Parameter> trainable = new PairList<>();
        model.stateDict().forEach((name, parameter) -> {
            if (parameter.requiresGradient()) {
                trainable.add(name, parameter);
            }
        });
        return trainable;
    }

    /**
     * Trains on {@code batch} (N × C × H × W in [0, 1], dequantised) at {@code learningRate}.
     *
     * @param stepNumber the step's number, for messages
     * @return the batch's mean bits/dim before the update
     * @throws IllegalStateException when the loss is not finite (divergence)
     */
    public double run(NDArray batch, double learningRate, long stepNumber) {
        double bits;
        try (Autograd.Scope recording = Autograd.record()) {
            NDArray meanBits = model.bitsPerDim(batch).mean();
            Autograd.backward(meanBits.mul(EngineScalar.of(meanBits, model.spec().dimensions() * Math.log(2))));
            bits = meanBits.getFloat();
        }
        afterBackward.accept(adam.parameters());
        if (!Double.isFinite(bits)) {
            adam.zeroGradients();
            throw new IllegalStateException("training diverged at step " + stepNumber + " (bits/dim " + bits
                    + "); lower flow.pretrain.lr");
        }
        if (guard.admit(stepNumber, adam)) {
            adam.step(learningRate);
        }
        adam.zeroGradients();
        return bits;
    }
}
