package io.s2vc.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;

/**
 * Keeps the temporaries of a computation in a sub-manager that is closed on return.
 *
 * <p>DJL's PyTorch engine attaches the result of an operation to the manager of its receiver, so a
 * computation on an array of a long-lived manager (a parameter, the queue) would leave every
 * intermediate there until that manager closes. Working on a zero-copy alias owned by a short-lived
 * manager sends the intermediates there instead; in-place operations on an alias change the original.
 */
public final class ArrayScope {
    private ArrayScope() {
    }

    /** A view of {@code array} (no copy, same storage) owned by {@code scope}. */
    public static NDArray alias(NDArray array, NDManager scope) {
        NDArray view = array.reshape(array.getShape());
        view.attach(scope);
        return view;
    }

    /** Runs {@code body} on an alias of {@code input} in a closed sub-manager; the result goes to the input's manager. */
    public static NDArray call(NDArray input, Function<NDArray, NDArray> body) {
        NDManager caller = input.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray result = body.apply(alias(input, scope));
            result.attach(caller);
            return result;
        }
    }
}
