package io.s2vc.flow;

import ai.djl.ndarray.NDArray;

/**
 * Output-channel counts rounded up to whole vector blocks, so that no convolution of the flow runs with
 * a partial block of output channels.
 *
 * <p>Why: libtorch's CPU convolutions run oneDNN's blocked kernels (16 fp32 lanes with AVX-512, 8 with
 * AVX2). A layer with 12 output channels is padded to 16 inside the kernel, and on AVX-512 AMD hosts the
 * backward-data kernel of such a layer was seen to bring garbage from the padded tail into one channel
 * of the input gradient (NaN, or values that differ from pass to pass; docs/troubleshooting.md). Padding
 * the weights with explicit zero filters and dropping the extra outputs gives the kernel whole blocks:
 * the same result, no tail. The padding is not a parameter: it never trains and never leaves the block.
 *
 * <p>The switch {@code -Ds2vc.flow.whole_channel_blocks=false} runs the unpadded layers, only so that a
 * test can show the faulty condition again; no setting exposes it.
 */
public final class ChannelBlocks {
    /** AVX-512's fp32 vector width; a multiple of AVX2's 8, so one rounding serves both. */
    public static final int BLOCK = 16;
    private static final boolean ENABLED =
            Boolean.parseBoolean(System.getProperty("s2vc.flow.whole_channel_blocks", "true"));

    private ChannelBlocks() {
    }

    /** {@code channels} rounded up to whole blocks (unchanged when the switch is off). */
    public static int padded(int channels) {
        return ENABLED ? (channels + BLOCK - 1) / BLOCK * BLOCK : channels;
    }

    /**
     * {@code values} (first axis = output channels) with zero rows appended up to {@code padded(rows)};
     * differentiable: the gradient of the original rows is the slice of the padded one.
     */
    public static NDArray padOutputs(NDArray values) {
        long rows = values.getShape().get(0);
        long extra = padded((int) rows) - rows;
        if (extra == 0) {
            return values;
        }
        long[] shape = values.getShape().getShape().clone();
        shape[0] = extra;
        NDArray zeros = values.getManager().zeros(new ai.djl.ndarray.types.Shape(shape), values.getDataType(),
                values.getDevice());
        return values.concat(zeros, 0);
    }
}
