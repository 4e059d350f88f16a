package io.s2vc.flow;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/** FrEIA's {@code Concat1d}: the first two tensors (N, a) and (N, b) become one (N, a + b). The mirror of {@link Split}. */
public final class Concat extends FlowBlock {
    private final Split mirror;

    public Concat(long firstLength, long secondLength) {
        this.mirror = new Split(firstLength, secondLength);
    }

    @Override
    protected FlowResult forwardUnscoped(NDList x) {
        return FlowResult.volumePreserving(mirror.inverseUnscoped(x));
    }

    @Override
    protected NDList inverseUnscoped(NDList y) {
        return mirror.forwardUnscoped(y).outputs();
    }

    @Override
    protected Shape[] flowOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[inputShapes.length - 1];
        out[0] = new Shape(inputShapes[0].get(0), inputShapes[0].get(1) + inputShapes[1].get(1));
        System.arraycopy(inputShapes, 2, out, 1, inputShapes.length - 2);
        return out;
    }
}
