package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A scalar operand whose memory belongs to the engine, for arithmetic that autograd may replay.
 *
 * <p>DJL's PyTorch engine builds {@code x.mul(2.5)} from a 0-d array that wraps a Java buffer, and
 * closes that array as soon as the product exists. Autograd keeps the operand of a product or a
 * quotient for the backward pass, so if the garbage collector frees the buffer in between, the
 * gradient reads garbage (NaN). Operands made here ({@code full}, allocated by libtorch) stay valid
 * for as long as autograd holds them. The same goes for index arrays (see {@link ChannelPermutation}).
 */
public final class EngineScalar {
    private EngineScalar() {
    }

    /** A 0-d array of {@code like}'s data type and manager holding {@code value}. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
