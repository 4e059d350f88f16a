package io.s2vc.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Adam with coupled L2 weight decay, as {@code torch.optim.Adam(weight_decay=wd)} (not AdamW), over a
 * fixed list of parameters:
 * g ← ∇ + wd·θ; m ← m + (1 − β1)(g − m); v ← β2·v + (1 − β2)·g²;
 * θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
 *
 * <p>Implemented here, rather than with DJL's optimiser, so that the moments and the step count can be
 * saved and restored exactly ({@link #writeState}); DJL does not save optimiser state. The moments live
 * in the manager given at construction.
 */
public final class CoupledAdam {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final PairList<String, Parameter> parameters;
    private final NDArray[] firstMoments;
    private final NDArray[] secondMoments;
    private long steps;

    private CoupledAdam(Builder builder, PairList<String, Parameter> parameters, NDManager manager) {
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
        this.weightDecay = builder.weightDecay;
        this.parameters = parameters;
        firstMoments = new NDArray[parameters.size()];
        secondMoments = new NDArray[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            NDArray value = parameters.valueAt(i).getArray();
            firstMoments[i] = manager.zeros(value.getShape(), value.getDataType());
            secondMoments[i] = manager.zeros(value.getShape(), value.getDataType());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Updates taken so far (torch's per-parameter {@code step}, shared: every parameter updates every step). */
    public long steps() {
        return steps;
    }

    /** The first moment of parameter {@code index} (live; read only). */
    public NDArray firstMoment(int index) {
        return firstMoments[index];
    }

    /** The second moment of parameter {@code index} (live; read only). */
    public NDArray secondMoment(int index) {
        return secondMoments[index];
    }

    /** The parameters this optimiser updates, with their names, in order. */
    public PairList<String, Parameter> parameters() {
        return parameters;
    }

    /**
     * Continues from moments saved elsewhere (e.g. an {@code .npz} of a checkpoint format of its own):
     * {@code first[i]} and {@code second[i]} are the values of parameter i's moments, {@code savedSteps} the
     * updates taken when they were saved.
     */
    public void restoreMoments(long savedSteps, float[][] first, float[][] second) {
        if (first.length != parameters.size() || second.length != parameters.size() || savedSteps < 0) {
            throw new IllegalArgumentException("moments of " + first.length + " parameters for an optimiser of "
                    + parameters.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            firstMoments[i].set(first[i]);
            secondMoments[i].set(second[i]);
        }
        steps = savedSteps;
    }

    /** Updates every parameter from the gradient accumulated in it; call {@link #zeroGradients()} before the next backward. */
    public void step(double learningRate) {
        steps++;
        double stepSize = learningRate / (1 - Math.pow(beta1, steps));
        float secondCorrectionSqrt = (float) Math.sqrt(1 - Math.pow(beta2, steps));
        float decay = (float) weightDecay;
        float firstRate = (float) (1 - beta1);
        float secondKeep = (float) beta2;
        float secondRate = (float) (1 - beta2);
        float eps = (float) epsilon;
        float negativeStep = (float) -stepSize;
        try (Autograd.Scope ignored = Autograd.pause(); NDManager scope = firstMoments[0].getManager().newSubManager()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray theta = ArrayScope.alias(parameters.valueAt(i).getArray(), scope);
                NDArray grad = gradient(parameters.valueAt(i), scope);
                if (decay != 0) {
                    grad = grad.add(theta.mul(decay));
                }
                NDArray m = ArrayScope.alias(firstMoments[i], scope);
                NDArray v = ArrayScope.alias(secondMoments[i], scope);
                m.addi(grad.sub(m).muli(firstRate));
                v.muli(secondKeep).addi(grad.mul(grad).muli(secondRate));
                NDArray denominator = v.sqrt().divi(secondCorrectionSqrt).addi(eps);
                theta.addi(m.div(denominator).muli(negativeStep));
            }
        }
    }

    /** Sets every parameter's accumulated gradient to zero (PyTorch accumulates into {@code .grad}). */
    public void zeroGradients() {
        try (Autograd.Scope ignored = Autograd.pause(); NDManager scope = firstMoments[0].getManager().newSubManager()) {
            for (int i = 0; i < parameters.size(); i++) {
                gradient(parameters.valueAt(i), scope).set(new NDIndex("..."), 0f);
            }
        }
    }

    /** The parameter's {@code .grad} (a zero array if it has none yet), handle owned by {@code scope}. */
    private static NDArray gradient(Parameter parameter, NDManager scope) {
        NDArray grad = parameter.getArray().getGradient();
        grad.attach(scope);
        return grad;
    }

    /** The step count and both moments of every parameter, exactly. */
    public void writeState(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            ArrayState.write(out, "adam.m." + parameters.keyAt(i), firstMoments[i]);
            ArrayState.write(out, "adam.v." + parameters.keyAt(i), secondMoments[i]);
        }
    }

    /** Restores what {@link #writeState} wrote for the same parameters. */
    public void readState(DataInputStream in) throws IOException {
        long storedSteps = in.readLong();
        int count = in.readInt();
        if (count != parameters.size() || storedSteps < 0) {
            throw new IOException("optimiser state holds " + count + " parameters, this optimiser has " + parameters.size());
        }
        for (int i = 0; i < count; i++) {
            ArrayState.readInto(in, "adam.m." + parameters.keyAt(i), firstMoments[i]);
            ArrayState.readInto(in, "adam.v." + parameters.keyAt(i), secondMoments[i]);
        }
        steps = storedSteps;
    }

    /** torch.optim.Adam's defaults (β = (0.9, 0.999), ε = 1e-8) and the official weight decay 1e-5 (official §4.3). */
    public static final class Builder {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay = 1e-5;

        private Builder() {
        }

        public Builder optBeta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        public Builder optBeta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Coupled L2 weight decay, added to the gradient. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** An optimiser of {@code parameters} (initialised) with zero moments allocated in {@code manager}. */
        public CoupledAdam build(PairList<String, Parameter> parameters, NDManager manager) {
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && weightDecay >= 0)) {
                throw new IllegalArgumentException("Adam needs 0 <= beta < 1, epsilon > 0 and weight decay >= 0");
            }
            if (parameters.isEmpty()) {
                throw new IllegalArgumentException("Adam needs at least one parameter");
            }
            return new CoupledAdam(this, parameters, manager);
        }
    }
}
