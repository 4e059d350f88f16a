package io.s2vc.flow;

/**
 * The arithmetic (and the largest activation) of a flow, counted analytically from its {@link FlowSpec}: two FLOPs (a multiply and
 * an add) per multiply-accumulate of every convolution and linear layer. Element-wise work (clamps,
 * exp, affine updates, permutations) is left out: it is a rounding error next to the 3×3 convolutions.
 *
 * <p>Decoding evaluates the same sub-nets as encoding, so both cost {@link #perFrame}; a training
 * step (forward + backward) costs about three times that.
 */
public final class FlowFlops {
    private FlowFlops() {
    }

    /** FLOPs of one encode (or one decode) of one frame. */
    public static double perFrame(FlowSpec spec) {
        double pixels = (double) spec.height() * spec.width();
        double flops = 0;
        for (FlowNode node : spec.nodes()) {
            if (node instanceof FlowNode.ConvCoupling c) {
                // Couplings before the squeeze see C channels at full size, after it 4C at a quarter of the pixels.
                double at = c.channels() == spec.channels() ? pixels : pixels / 4;
                int first = c.channels() / 2;
                int second = c.channels() - first;
                flops += 2 * 9 * at * (convSubnetMacs(first, 2 * second, c.hidden())
                        + convSubnetMacs(second, 2 * first, c.hidden()));
            } else if (node instanceof FlowNode.Fixed1x1 f) {
                flops += 2 * (pixels / 4) * f.channels() * f.channels();
            } else if (node instanceof FlowNode.DenseCoupling d) {
                int first = d.features() / 2;
                int second = d.features() - first;
                flops += 2 * (denseSubnetMacs(first, 2 * second, d.internal())
                        + denseSubnetMacs(second, 2 * first, d.internal()));
            }
        }
        return flops;
    }

    /**
     * Floats per frame of the largest activation inside a sub-net (the hidden layers of the couplings):
     * what bounds the memory of one inference call.
     */
    public static long largestActivation(FlowSpec spec) {
        long pixels = (long) spec.height() * spec.width();
        long largest = (long) spec.channels() * pixels;
        for (FlowNode node : spec.nodes()) {
            if (node instanceof FlowNode.ConvCoupling c) {
                long at = c.channels() == spec.channels() ? pixels : pixels / 4;
                largest = Math.max(largest, c.hidden() * at);
            } else if (node instanceof FlowNode.DenseCoupling d) {
                largest = Math.max(largest, d.internal());
            }
        }
        return largest;
    }

    /** Per-pixel multiply-accumulates of the three 3×3 convolutions, divided by the 9 taps. */
    private static double convSubnetMacs(int in, int out, int hidden) {
        return (double) in * hidden + (double) hidden * hidden + (double) hidden * out;
    }

    /** Multiply-accumulates of the four linear layers. */
    private static double denseSubnetMacs(int in, int out, int internal) {
        return (double) in * internal + 2.0 * internal * internal + (double) internal * out;
    }
}
