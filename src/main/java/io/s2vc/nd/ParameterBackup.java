package io.s2vc.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies of some parameters' values, to put back in place: how a training step that turns out to be
 * skipped leaves no trace (a momentum update, BatchNorm running statistics). The copies live in the
 * manager given, so they go when the step's scope closes.
 */
public final class ParameterBackup {
    private final List<Parameter> parameters;
    private final List<NDArray> copies;

    private ParameterBackup(List<Parameter> parameters, List<NDArray> copies) {
        this.parameters = parameters;
        this.copies = copies;
    }

    /** Copies the current values of {@code parameters} into {@code scope}. */
    public static ParameterBackup of(Iterable<Parameter> parameters, NDManager scope) {
        List<Parameter> kept = new ArrayList<>();
        List<NDArray> copies = new ArrayList<>();
        try (Autograd.Scope ignored = Autograd.pause()) {
            for (Parameter parameter : parameters) {
                NDArray copy = parameter.getArray().duplicate();
                copy.attach(scope);
                kept.add(parameter);
                copies.add(copy);
            }
        }
        return new ParameterBackup(kept, copies);
    }

    /** Writes the saved values back into the parameters' own arrays (in place, exactly). */
    public void restore() {
        try (Autograd.Scope ignored = Autograd.pause()) {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).getArray().set(new NDIndex("..."), copies.get(i));
            }
        }
    }
}
