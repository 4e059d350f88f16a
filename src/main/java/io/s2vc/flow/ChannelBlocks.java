package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.nd.ArrayScope;

/**
 * Channel counts rounded up to whole vector blocks, so that no convolution of the flow runs with a
 * partial block of output channels (nor, for the fixed 1×1, of input channels).
 *
 * <p>Why: libtorch's CPU convolutions run oneDNN's blocked kernels (16 fp32 lanes with AVX-512, 8 with
 * AVX2). A layer with 12 output channels is padded to 16 inside the kernel, and on AVX-512 AMD hosts the
 * backward-data kernel of such a layer was seen to bring garbage from the padded tail into one channel
 * of the input gradient (NaN, or values that differ from pass to pass; docs/troubleshooting.md). Padding
 * the weights with explicit zero filters and dropping the extra outputs gives the kernel whole blocks:
 * the same result, no tail. The padding is not a parameter: it never trains and never leaves the block.
 *
 * <p>The switch {@code -Ds2vc.flow.whole_channel_blocks=false} runs the layers as they were (unpadded, the
 * fixed 1×1 as a convolution), only so that a test and the benchmark can show the faulty condition and the
 * cost of avoiding it; no setting exposes it.
 */
public final class ChannelBlocks {
    /** AVX-512's fp32 vector width; a multiple of AVX2's 8, so one rounding serves both. */
    public static final int BLOCK = 16;
    private static final boolean ENABLED =
            Boolean.parseBoolean(System.getProperty("s2vc.flow.whole_channel_blocks", "true"));

    private ChannelBlocks() {
    }

    /** Whether the flow avoids partial channel blocks (the default; see the class comment for the switch). */
    public static boolean enabled() {
        return ENABLED;
    }

    /** {@code channels} rounded up to whole blocks (unchanged when the switch is off). */
    public static int padded(int channels) {
        return ENABLED ? (channels + BLOCK - 1) / BLOCK * BLOCK : channels;
    }

    /**
     * {@code values} with zeros appended along {@code axis} up to whole blocks, owned by {@code scope} (a
     * parameter's own manager would keep every padded copy); differentiable: the gradient of the original
     * entries is the slice of the padded one.
     */
    public static NDArray pad(NDArray values, int axis, NDManager scope) {
        long[] shape = values.getShape().getShape().clone();
        long extra = padded((int) shape[axis]) - shape[axis];
        if (extra == 0) {
            return values;
        }
        shape[axis] = extra;
        NDArray zeros = scope.zeros(new Shape(shape), values.getDataType(), values.getDevice());
        return ArrayScope.alias(values, scope).concat(zeros, axis);
    }

    /** The first {@code channels} channels of a padded result (axis 1), or the result itself if it has no more. */
    public static NDArray unpad(NDArray result, long channels) {
        return result.getShape().get(1) == channels ? result : result.get(":, 0:" + channels);
    }
}
