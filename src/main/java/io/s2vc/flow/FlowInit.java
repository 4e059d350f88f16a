package io.s2vc.flow;

import io.s2vc.util.Seeds;

/**
 * How a new flow's parameters are drawn. AdvFlow's {@code init_model}: every trainable parameter
 * ~ N(0, sigma²) with sigma = 0.03, and the last layer of every sub-net (weight and bias) zero so each
 * coupling starts as the identity. The fixed 1×1 convolutions get a random orthogonal matrix.
 * Every draw is derived from {@code seed} and the parameter's checkpoint name, so the same seed gives
 * the same weights whatever order the parameters are initialised in.
 *
 * @param seed base seed of every draw (weights and the orthogonal matrices)
 * @param sigma standard deviation of the trainable parameters
 * @param zeroLastLayers whether the last layer of each sub-net starts at zero (identity couplings)
 */
public record FlowInit(long seed, float sigma, boolean zeroLastLayers) {
    public static final float ADVFLOW_SIGMA = 0.03f;

    public FlowInit {
        if (!(sigma >= 0) || Float.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a finite non-negative number: " + sigma);
        }
    }

    /** AdvFlow's initialisation: N(0, 0.03²), identity couplings. */
    public static FlowInit advflow(long seed) {
        return new FlowInit(seed, ADVFLOW_SIGMA, true);
    }

    /** Random everywhere, last layers included: couplings are not the identity (for tests and probes). */
    public static FlowInit randomEverywhere(long seed, float sigma) {
        return new FlowInit(seed, sigma, false);
    }

    /** A seed for the named child, stable across runs and independent of creation order. */
    long childSeed(String name) {
        return Seeds.derive(seed, name);
    }

    FlowInit child(String name) {
        return new FlowInit(childSeed(name), sigma, zeroLastLayers);
    }
}
