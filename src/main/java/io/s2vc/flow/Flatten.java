package io.s2vc.flow;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/** FrEIA's {@code Flatten}: (N, C, H, W) → (N, C·H·W), row-major, so index = c·H·W + h·W + w. */
public final class Flatten extends FlowBlock {
    private final Shape featureShape;

    /** @param featureShape the per-sample shape (C, H, W) to flatten and to restore on inverse */
    public Flatten(Shape featureShape) {
        this.featureShape = featureShape;
    }

    @Override
    protected FlowResult forwardUnscoped(NDList x) {
        long n = x.head().getShape().get(0);
        return FlowResult.volumePreserving(replaceHead(x, x.head().reshape(n, featureShape.size())));
    }

    @Override
    protected NDList inverseUnscoped(NDList y) {
        long n = y.head().getShape().get(0);
        return replaceHead(y, y.head().reshape(new Shape(n).addAll(featureShape)));
    }

    @Override
    protected Shape[] flowOutputShapes(Shape[] inputShapes) {
        Shape[] out = inputShapes.clone();
        out[0] = new Shape(inputShapes[0].get(0), featureShape.size());
        return out;
    }
}
