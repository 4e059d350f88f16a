package io.s2vc.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health check between backward and the optimiser of every training loop: a gradient with a NaN or
 * an infinity never reaches the optimiser or its state. The loop skips such a step (counted here and
 * logged); after {@code maxInARow} skipped steps in a row it stops with a {@link NonFiniteGradientException}
 * naming the parameter. Callers check the loss first: a non-finite loss is divergence and keeps its own
 * message, so every step that reaches this guard had a finite loss.
 *
 * <p>Why: on some hosts libtorch's native convolution kernels have written garbage into one channel of
 * a gradient while the loss was finite (docs/troubleshooting.md); one such step poisons Adam's moments
 * for good. Not thread-safe; one per training loop.
 */
public final class GradientGuard {
    /** Ours: three in a row is no longer a passing fault (the faults seen hit single steps). */
    public static final int DEFAULT_MAX_IN_A_ROW = 3;
    private static final Logger LOG = LoggerFactory.getLogger(GradientGuard.class);

    private final String loop;
    private final int maxInARow;
    private int inARow;
    private long skipped;

    /**
     * @param loop what trains, for messages ("flow pre-training", "MoCo training", …)
     * @param maxInARow skipped steps in a row after which training stops (≥ 1)
     */
    public GradientGuard(String loop, int maxInARow) {
        if (maxInARow < 1) {
            throw new IllegalArgumentException("the number of non-finite steps in a row must be >= 1, got " + maxInARow);
        }
        this.loop = loop;
        this.maxInARow = maxInARow;
    }

    /**
     * Whether step {@code step} may update its parameters: true when every gradient of every optimiser is
     * finite. False means skip the update (the step was counted and logged).
     *
     * @throws NonFiniteGradientException on the {@code maxInARow}-th skipped step in a row
     */
    public boolean admit(long step, CoupledAdam... optimizers) {
        for (CoupledAdam optimizer : optimizers) {
            Optional<String> bad = firstNonFinite(optimizer.parameters());
            if (bad.isPresent()) {
                return admit(step, bad.get());
            }
        }
        return admit(step, (String) null);
    }

    /** {@link #admit(long, CoupledAdam...)} for a loop that checked its gradients itself: {@code nonFinite} names the first bad one, or is null. */
    public boolean admit(long step, String nonFinite) {
        if (nonFinite == null) {
            inARow = 0;
            return true;
        }
        skipped++;
        inARow++;
        if (inARow >= maxInARow) {
            throw new NonFiniteGradientException("non-finite gradient in " + nonFinite + " while the loss was finite ("
                    + loop + ", step " + step + ", " + inARow + " steps in a row): a numerics fault of the native"
                    + " kernels, not divergence; see docs/troubleshooting.md", nonFinite);
        }
        LOG.warn("{}: skipped step {}: non-finite gradient in {} while the loss was finite ({} in a row, {} skipped in all)",
                loop, step, nonFinite, inARow, skipped);
        return false;
    }

    /** Steps skipped so far (a metric). */
    public long skippedSteps() {
        return skipped;
    }

    /** The name of the first parameter whose accumulated gradient holds a NaN or an infinity. */
    public static Optional<String> firstNonFinite(PairList<String, Parameter> parameters) {
        if (parameters.isEmpty()) {
            return Optional.empty();
        }
        NDManager parent = parameters.valueAt(0).getArray().getManager();
        try (Autograd.Scope ignored = Autograd.pause(); NDManager scope = parent.newSubManager()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray grad = parameters.valueAt(i).getArray().getGradient();
                grad.attach(scope);
                if (!grad.isInfinite().logicalOr(grad.isNaN()).any().getBoolean()) {
                    continue;
                }
                return Optional.of(parameters.keyAt(i));
            }
        }
        return Optional.empty();
    }
}
