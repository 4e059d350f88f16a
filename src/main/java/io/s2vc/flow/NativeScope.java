package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs a computation on native arrays so that every temporary lives in a sub-manager that is closed
 * on return, while the results end up in the caller's manager (the manager of the first input).
 *
 * <p>DJL's PyTorch engine attaches the result of an operation to the manager of its receiver, so
 * the body works on aliases of the inputs (zero-copy views) that belong to the sub-manager. Aliases,
 * rather than {@code tempAttach}, keep this safe when scopes nest and when an input is itself
 * temporarily attached somewhere else.
 */
final class NativeScope {
    private NativeScope() {
    }

    static <R> R call(NDList inputs, Function<NDList, R> body, BiConsumer<R, NDManager> attachResult) {
        NDManager caller = inputs.head().getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDList aliases = new NDList(inputs.size());
            for (NDArray input : inputs) {
                NDArray alias = input.reshape(input.getShape());
                alias.attach(scope);
                aliases.add(alias);
            }
            R result = body.apply(aliases);
            attachResult.accept(result, caller);
            return result;
        }
    }

    static NDList call(NDList inputs, Function<NDList, NDList> body) {
        return call(inputs, body, NDList::attach);
    }

    static NDArray call(NDArray input, Function<NDArray, NDArray> body) {
        return call(new NDList(input), in -> body.apply(in.head()), NDArray::attach);
    }
}
