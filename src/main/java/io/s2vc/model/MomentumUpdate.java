package io.s2vc.model;

import io.s2vc.nd.Autograd;
import io.s2vc.nd.ArrayScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * MoCo's key-encoder update between two blocks of the same architecture, in place and without
 * autograd: θ_k ← m·θ_k + (1 − m)·θ_q on the learnable parameters only. BatchNorm running
 * statistics are buffers, not parameters: the key encoder's evolve from its own forward passes.
 */
public final class MomentumUpdate {
    private MomentumUpdate() {
    }

    /** θ_k ← m·θ_k + (1 − m)·θ_q for every learnable parameter, as the official code computes it. */
    public static void blend(Block query, Block key, double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
        // The official code multiplies float tensors by the Python floats m and 1.0 − m.
        float keep = (float) momentum;
        float take = (float) (1.0 - momentum);
        forEachPair(query, key, true, (q, k) -> k.muli(keep).addi(q.mul(take)));
    }

    /** Every parameter and buffer of {@code target} := the same one of {@code source} (exact copy). */
    public static void copy(Block source, Block target) {
        forEachPair(source, target, false, (s, t) -> t.set(new NDIndex("..."), s));
    }

    /** Whether a parameter is learned by gradient (not a BatchNorm running statistic). */
    public static boolean isLearnable(Parameter parameter) {
        Parameter.Type type = parameter.getType();
        return type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
    }

    /** The learnable parameters of a block with their paths, in DJL's parameter order. */
    public static PairList<String, Parameter> learnableParameters(Block block) {
        PairList<String, Parameter> learnable = new PairList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            if (isLearnable(pair.getValue())) {
                learnable.add(pair);
            }
        }
        return learnable;
    }

    private interface Update {
        void apply(NDArray source, NDArray target);
    }

    private static void forEachPair(Block source, Block target, boolean learnableOnly, Update update) {
        List<NDArray[]> pairs = pairArrays(source, target, learnableOnly);
        if (pairs.isEmpty()) {
            return;
        }
        try (Autograd.Scope ignored = Autograd.pause();
                NDManager scope = pairs.get(0)[1].getManager().newSubManager()) {
            for (NDArray[] pair : pairs) {
                update.apply(ArrayScope.alias(pair[0], scope), ArrayScope.alias(pair[1], scope));
            }
        }
    }

    private static List<NDArray[]> pairArrays(Block source, Block target, boolean learnableOnly) {
        PairList<String, Parameter> from = source.getParameters();
        PairList<String, Parameter> to = target.getParameters();
        if (from.size() != to.size()) {
            throw new IllegalArgumentException(
                    "blocks differ: " + from.size() + " and " + to.size() + " parameters");
        }
        List<NDArray[]> pairs = new ArrayList<>(from.size());
        for (int i = 0; i < from.size(); i++) {
            Parameter s = from.valueAt(i);
            Parameter t = to.valueAt(i);
            if (!from.keyAt(i).equals(to.keyAt(i)) || !s.getArray().getShape().equals(t.getArray().getShape())) {
                throw new IllegalArgumentException("blocks differ at parameter " + i + ": " + from.keyAt(i)
                        + " " + s.getArray().getShape() + " vs " + to.keyAt(i) + " " + t.getArray().getShape());
            }
            if (!learnableOnly || isLearnable(s)) {
                pairs.add(new NDArray[] {s.getArray(), t.getArray()});
            }
        }
        return pairs;
    }
}
