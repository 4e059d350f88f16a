package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * FrEIA's {@code i_revnet_downsampling} (block size 2): (N, C, H, W) → (N, 4C, H/2, W/2) with
 * {@code out[b, r·2C + c·C + ch, i, j] = in[b, ch, 2i+r, 2j+c]}. Channels 0..C-1 hold the top-left
 * pixel of each 2×2 block, then top-right, bottom-left, bottom-right. Not Haar, not Glow's order.
 */
public final class IRevNetSqueeze extends FlowBlock {

    @Override
    protected FlowResult forwardUnscoped(NDList x) {
        NDArray in = x.head();
        Shape s = in.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        if (h % 2 != 0 || w % 2 != 0) {
            throw new IllegalArgumentException("squeeze needs an even height and width: " + s);
        }
        // axes (n, ch, i, r, j, c) → (n, r, c, ch, i, j)
        NDArray out = in.reshape(n, c, h / 2, 2, w / 2, 2)
                .transpose(0, 3, 5, 1, 2, 4)
                .reshape(n, 4 * c, h / 2, w / 2);
        return FlowResult.volumePreserving(replaceHead(x, out));
    }

    @Override
    protected NDList inverseUnscoped(NDList y) {
        NDArray in = y.head();
        Shape s = in.getShape();
        long n = s.get(0);
        long c = s.get(1) / 4;
        long h = s.get(2);
        long w = s.get(3);
        // axes (n, r, c, ch, i, j) → (n, ch, i, r, j, c)
        NDArray out = in.reshape(n, 2, 2, c, h, w)
                .transpose(0, 3, 4, 1, 5, 2)
                .reshape(n, c, 2 * h, 2 * w);
        return replaceHead(y, out);
    }

    @Override
    protected Shape[] flowOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape[] out = inputShapes.clone();
        out[0] = new Shape(s.get(0), 4 * s.get(1), s.get(2) / 2, s.get(3) / 2);
        return out;
    }
}
