package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The paper's default: static latents become 0, the mean of the conditional distribution at the most
 * likely static factor (Eq. 3 with y = μ). Computed as the official code does, latents × (1 − mask).
 */
final class ZeroLatents implements LatentSuppression {
    @Override
    public NDArray apply(NDArray latents, NDArray staticMask, List<? extends RandomGenerator> clipRandoms) {
        NDArray keep = staticMask.logicalNot().toType(DataType.FLOAT32, false).expandDims(1);
        return latents.mul(keep);
    }
}
