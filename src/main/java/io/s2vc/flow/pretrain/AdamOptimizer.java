package io.s2vc.flow.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.s2vc.flow.InferenceGuard;
import io.s2vc.flow.Npz;
import io.s2vc.flow.NpyArray;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Adam with the update of {@code torch.optim.Adam} (not AMSGrad), over named DJL parameters, with
 * its state in our hands so that a checkpoint can hold it (DJL's optimisers do not save theirs).
 * Weight decay is coupled L2, as in torch's Adam and AdvFlow (reference §1.7): wd·θ is added to the
 * gradient before the moments.
 *
 * <pre>
 * g = ∇θ + wd·θ;  m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²
 * θ = θ − lr/(1−β1^t) · m / (√v / √(1−β2^t) + ε)
 * </pre>
 *
 * Each update reads the gradients autograd left on the parameters and then zeroes them. All
 * temporaries of a parameter's update live in a sub-manager closed right after it.
 */
public final class AdamOptimizer {
    private static final String FIRST_MOMENT = "exp_avg.";
    private static final String SECOND_MOMENT = "exp_avg_sq.";

    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private long step;

    private AdamOptimizer(Builder builder) {
        this.parameters = new LinkedHashMap<>();
        builder.parameters.forEach((name, parameter) -> {
            if (parameter.requiresGradient()) {
                NDArray value = parameter.getArray();
                this.parameters.put(name, parameter);
                firstMoments.put(name, value.zerosLike());
                secondMoments.put(name, value.zerosLike());
            }
        });
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
        this.weightDecay = builder.weightDecay;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Updates done so far (t in the formula). */
    public long step() {
        return step;
    }

    /** The trainable parameters this optimiser updates, by name. */
    public Map<String, Parameter> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** One update of every parameter from its current gradient, which is then zeroed. */
    public void update(double learningRate) {
        step++;
        double stepSize = learningRate / (1 - Math.pow(beta1, step));
        double correction2Root = Math.sqrt(1 - Math.pow(beta2, step));
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            NDArray value = entry.getValue().getArray();
            try (InferenceGuard noAutograd = InferenceGuard.enter(value.getManager());
                    NDManager scope = value.getManager().newSubManager()) {
                NDArray gradient = value.getGradient();
                gradient.attach(scope);
                NDArray theta = alias(value, scope);
                NDArray m = alias(firstMoments.get(entry.getKey()), scope);
                NDArray v = alias(secondMoments.get(entry.getKey()), scope);
                NDArray g = weightDecay != 0 ? gradient.add(theta.mul(weightDecay)) : gradient;
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
                NDArray denominator = v.sqrt().divi(correction2Root).addi(epsilon);
                theta.subi(m.div(denominator).muli(stepSize));
                gradient.subi(gradient);
            }
        }
    }

    /** Writes the moments as an {@code .npz} ({@code exp_avg.<name>}, {@code exp_avg_sq.<name>}). */
    public void saveMoments(Path file) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        firstMoments.forEach((name, m) -> arrays.put(FIRST_MOMENT + name, toNpy(m)));
        secondMoments.forEach((name, v) -> arrays.put(SECOND_MOMENT + name, toNpy(v)));
        Npz.write(file, arrays);
    }

    /** Restores moments saved by {@link #saveMoments} and the step count that goes with them. */
    public void restore(Path momentsFile, long savedStep) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(momentsFile);
        int expected = firstMoments.size() + secondMoments.size();
        if (arrays.size() != expected) {
            throw new IllegalArgumentException(momentsFile + " holds " + arrays.size() + " moments, expected " + expected);
        }
        restore(arrays, FIRST_MOMENT, firstMoments, momentsFile);
        restore(arrays, SECOND_MOMENT, secondMoments, momentsFile);
        this.step = savedStep;
    }

    private static void restore(Map<String, NpyArray> arrays, String prefix, Map<String, NDArray> moments, Path file) {
        moments.forEach((name, moment) -> {
            NpyArray saved = arrays.get(prefix + name);
            if (saved == null || !Arrays.equals(saved.shape(), moment.getShape().getShape())) {
                throw new IllegalArgumentException(file + ": missing or mis-shaped " + prefix + name);
            }
            moment.set(FloatBuffer.wrap(saved.values()));
        });
    }

    /** A view of {@code array} owned by {@code scope}: in-place ops on it change the array, results stay in scope. */
    private static NDArray alias(NDArray array, NDManager scope) {
        NDArray view = array.reshape(array.getShape());
        view.attach(scope);
        return view;
    }

    private static NpyArray toNpy(NDArray array) {
        return new NpyArray(array.getShape().getShape(), array.toFloatArray());
    }

    /** DJL-style builder: {@code set…} is required, {@code opt…} optional (defaults: torch's Adam). */
    public static final class Builder {
        private Map<String, Parameter> parameters;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay;

        private Builder() {
        }

        /** Named parameters (e.g. {@code FlowModel.stateDict()}); those that need no gradient are left alone. */
        public Builder setParameters(Map<String, Parameter> parameters) {
            this.parameters = parameters;
            return this;
        }

        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Coupled L2 weight decay (added to the gradient), as torch's Adam. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public AdamOptimizer build() {
            Objects.requireNonNull(parameters, "setParameters is required");
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("Adam needs epsilon > 0 and weight decay >= 0");
            }
            return new AdamOptimizer(this);
        }
    }
}
