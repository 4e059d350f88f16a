package io.s2vc.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Keeps the temporaries of a computation in a sub-manager that is closed on return.
 *
 * <p>DJL's PyTorch engine attaches the result of an operation to the manager of its receiver, so a
 * computation on an array of a long-lived manager (a parameter, the queue) would leave every
 * intermediate there until that manager closes. Working on a zero-copy alias owned by a short-lived
 * manager sends the intermediates there instead; in-place operations on an alias change the original.
 * Aliases, rather than {@code tempAttach}, stay safe when scopes nest and when an input is itself
 * temporarily attached elsewhere.
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
        return call(new NDList(input), in -> body.apply(in.head()), NDArray::attach);
    }

    /** {@link #call(NDArray, Function)} for several inputs and outputs (the first input's manager gets them). */
    public static NDList call(NDList inputs, Function<NDList, NDList> body) {
        return call(inputs, body, NDList::attach);
    }

    /**
     * Runs {@code body} on aliases of {@code inputs} in a closed sub-manager, then hands its result to
     * {@code attachResult} with the caller's manager (the first input's), before the sub-manager closes.
     */
    public static <R> R call(NDList inputs, Function<NDList, R> body, BiConsumer<R, NDManager> attachResult) {
        NDManager caller = inputs.head().getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDList aliases = new NDList(inputs.size());
            for (NDArray input : inputs) {
                aliases.add(alias(input, scope));
            }
            R result = body.apply(aliases);
            attachResult.accept(result, caller);
            return result;
        }
    }
}
