package io.s2vc.flow;

import io.s2vc.nd.ArrayScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One invertible node of the flow graph, acting on a list of tensors of a batch (N, ...), float32.
 *
 * <p>Most nodes transform the head of the list and pass the rest through untouched; the split node
 * turns the head into two tensors and the concat node merges the first two. That lets the FrEIA graph
 * (including its split / concat) run as a plain chain whose positions are FrEIA's node indices.
 *
 * <p>Parameters are registered DJL {@link Parameter}s, so DJL's Model / Trainer / ParameterStore and
 * its own save / load work. The flow runs on one device: parameter arrays are read directly, which is
 * what a single-device {@link ParameterStore} hands out too.
 */
public abstract class FlowBlock extends AbstractBlock {

    /** y = f(x) and the per-sample log|det ∂f/∂x|; temporaries are freed, results go to x's manager. */
    public final FlowResult forward(NDList x) {
        return ArrayScope.call(x, this::forwardUnscoped, FlowResult::attach);
    }

    /** The exact inverse x = f⁻¹(y); temporaries are freed, the result goes to y's manager. */
    public final NDList inverse(NDList y) {
        return ArrayScope.call(y, this::inverseUnscoped);
    }

    /** Convenience for single-tensor steps. */
    public final FlowResult forward(NDArray x) {
        return forward(new NDList(x));
    }

    /** Convenience for single-tensor steps. */
    public final NDArray inverse(NDArray y) {
        return inverse(new NDList(y)).singletonOrThrow();
    }

    protected abstract FlowResult forwardUnscoped(NDList x);

    protected abstract NDList inverseUnscoped(NDList y);

    /** Output shapes for the given input shapes (batch dimension included). */
    protected abstract Shape[] flowOutputShapes(Shape[] inputShapes);

    /** Parameters under their checkpoint names relative to the node ({@code s1.conv1.weight}, {@code M}…). */
    public Map<String, Parameter> stateDict() {
        return new LinkedHashMap<>(parameters);
    }

    /** DJL entry point: the outputs followed by the per-sample log-determinant (zeros if volume preserving). */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        FlowResult result = forward(inputs);
        NDList out = new NDList(result.outputs());
        out.add(result.hasLogDet()
                ? result.logDet()
                : inputs.head().getManager().zeros(new Shape(inputs.head().getShape().get(0))));
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] outputs = flowOutputShapes(inputShapes);
        Shape[] withLogDet = Arrays.copyOf(outputs, outputs.length + 1);
        withLogDet[outputs.length] = new Shape(inputShapes[0].get(0));
        return withLogDet;
    }

    /** The list with its head replaced: the other tensors pass through a step untouched. */
    static NDList replaceHead(NDList list, NDArray head) {
        NDList result = new NDList(list.size());
        result.add(head);
        for (int i = 1; i < list.size(); i++) {
            result.add(list.get(i));
        }
        return result;
    }

    /** Sum over every axis but the batch axis: the per-sample total of an element-wise log-scale. */
    static NDArray sumPerSample(NDArray values) {
        int rank = values.getShape().dimension();
        int[] axes = new int[rank - 1];
        for (int i = 1; i < rank; i++) {
            axes[i - 1] = i;
        }
        return values.sum(axes);
    }
}
