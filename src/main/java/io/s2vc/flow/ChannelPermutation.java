package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * FrEIA's {@code PermuteRandom}: a fixed permutation of axis 1 of the head tensor,
 * {@code out[:, i] = in[:, perm[i]]}, with perm = NumPy's legacy {@code permutation(size)} after
 * {@code seed(seed)}. It is not part of a checkpoint; it is regenerated bit-exactly instead.
 */
public final class ChannelPermutation extends FlowBlock {
    private final long[] forwardIndex;
    private final long[] inverseIndex;

    public ChannelPermutation(int size, long seed) {
        int[] perm = LegacyPermutation.of(size, seed);
        forwardIndex = toLongs(perm);
        inverseIndex = toLongs(LegacyPermutation.inverse(perm));
    }

    /** The permutation, {@code out[:, i] = in[:, perm[i]]}. */
    public int[] permutation() {
        int[] perm = new int[forwardIndex.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = (int) forwardIndex[i];
        }
        return perm;
    }

    @Override
    protected FlowResult forwardUnscoped(NDList x) {
        return FlowResult.volumePreserving(replaceHead(x, gather(x.head(), forwardIndex)));
    }

    @Override
    protected NDList inverseUnscoped(NDList y) {
        return replaceHead(y, gather(y.head(), inverseIndex));
    }

    private static NDArray gather(NDArray x, long[] index) {
        if (x.getShape().get(1) != index.length) {
            throw new IllegalArgumentException(
                    "permutation of " + index.length + " entries applied to axis 1 of " + x.getShape());
        }
        // manager.create wraps a Java buffer that may be freed once its NDArray is closed (end of this
        // block's scope), but autograd keeps the index until the backward pass: index with an
        // engine-owned copy (see EngineScalar).
        NDArray wrapped = x.getManager().create(index);
        NDArray indexArray = wrapped.duplicate();
        wrapped.close();
        return x.get(new NDIndex(":, {}", indexArray));
    }

    private static long[] toLongs(int[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        return longs;
    }

    @Override
    protected Shape[] flowOutputShapes(Shape[] inputShapes) {
        return inputShapes.clone();
    }
}
