package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * DJL's PyTorch engine attaches the result of an operation to the manager of its receiver. Each call
 * therefore works on zero-copy aliases that belong to its own closed sub-manager: then every temporary,
 * whatever array it was computed from, is freed with that sub-manager, and the caller's arrays and the
 * cached matrices are never touched.
 */
final class ScopedArrays {
    private ScopedArrays() {
    }

    /** A view of {@code array} (no copy) owned by {@code scope}. */
    static NDArray alias(NDArray array, NDManager scope) {
        NDArray view = array.reshape(array.getShape());
        view.attach(scope);
        return view;
    }
}
