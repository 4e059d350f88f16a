package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * FrEIA's {@code Split1D}: the head (N, a + b) becomes two tensors (N, a) and (N, b), in that order.
 * The steps that follow act on the first; the second rides along until {@link Concat}.
 */
public final class Split extends FlowBlock {
    private final long firstLength;
    private final long secondLength;

    public Split(long firstLength, long secondLength) {
        this.firstLength = firstLength;
        this.secondLength = secondLength;
    }

    @Override
    protected FlowResult forwardUnscoped(NDList x) {
        NDArray head = x.head();
        if (head.getShape().get(1) != firstLength + secondLength) {
            throw new IllegalArgumentException(
                    "split " + firstLength + " | " + secondLength + " applied to " + head.getShape());
        }
        NDList parts = head.split(new long[] {firstLength}, 1);
        NDList out = new NDList(parts);
        out.addAll(x.subNDList(1));
        return FlowResult.volumePreserving(out);
    }

    @Override
    protected NDList inverseUnscoped(NDList y) {
        if (y.size() < 2 || y.get(0).getShape().get(1) != firstLength || y.get(1).getShape().get(1) != secondLength) {
            throw new IllegalArgumentException("concat expects parts of " + firstLength + " and " + secondLength + " features");
        }
        NDList out = new NDList(y.get(0).concat(y.get(1), 1));
        out.addAll(y.subNDList(2));
        return out;
    }

    @Override
    protected Shape[] flowOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        Shape[] out = new Shape[inputShapes.length + 1];
        out[0] = new Shape(n, firstLength);
        out[1] = new Shape(n, secondLength);
        System.arraycopy(inputShapes, 1, out, 2, inputShapes.length - 1);
        return out;
    }
}
