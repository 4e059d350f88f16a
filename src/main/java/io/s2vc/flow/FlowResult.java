package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The output of an invertible step: the transformed tensors and the per-sample log-determinant of
 * the Jacobian, shape (N). {@code logDet} is {@code null} for volume-preserving steps (permutations
 * and reshapes), which saves creating arrays of zeros.
 */
public record FlowResult(NDList outputs, NDArray logDet) {

    public static FlowResult volumePreserving(NDList outputs) {
        return new FlowResult(outputs, null);
    }

    public boolean hasLogDet() {
        return logDet != null;
    }

    /** The single output tensor of a step that produces one. */
    public NDArray output() {
        return outputs.singletonOrThrow();
    }

    void attach(NDManager manager) {
        outputs.attach(manager);
        if (logDet != null) {
            logDet.attach(manager);
        }
    }
}
