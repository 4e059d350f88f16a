package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import io.s2vc.nd.ChannelsLast;

/**
 * FrEIA/AdvFlow {@code F_conv}: conv3×3 → LeakyReLU(0.1) → conv3×3 → LeakyReLU(0.1) → conv3×3,
 * padding 1, with bias, no activation on the output.
 */
public final class ConvSubnet extends Subnet {
    private static final float LEAKY_SLOPE = 0.1f;
    private static final Shape STRIDE = new Shape(1, 1);
    private static final Shape PADDING = new Shape(1, 1);
    private static final Shape DILATION = new Shape(1, 1);

    private final int outChannels;
    private final Parameter[] conv1;
    private final Parameter[] conv2;
    private final Parameter[] conv3;

    public ConvSubnet(int inChannels, int outChannels, int hidden, FlowInit init) {
        super(init);
        this.outChannels = outChannels;
        conv1 = addLayer("conv1", new Shape(hidden, inChannels, 3, 3), hidden, false);
        conv2 = addLayer("conv2", new Shape(hidden, hidden, 3, 3), hidden, false);
        conv3 = addLayer("conv3", new Shape(outChannels, hidden, 3, 3), outChannels, true);
    }

    @Override
    public NDArray apply(NDArray x) {
        // Channels-last: oneDNN's nxc kernels, no layout conversion between the three layers (ChannelsLast).
        NDArray h = Activation.leakyRelu(conv(ChannelsLast.of(x), conv1), LEAKY_SLOPE);
        h = Activation.leakyRelu(conv(h, conv2), LEAKY_SLOPE);
        return conv(h, conv3);
    }

    /** A layer in whole output-channel blocks ({@link ChannelBlocks}): padded filters, extra outputs dropped. */
    private static NDArray conv(NDArray x, Parameter[] layer) {
        NDArray weight = layer[0].getArray();
        NDManager scope = x.getManager();
        NDArray y = Conv2d.conv2d(x, ChannelBlocks.pad(weight, 0, scope), ChannelBlocks.pad(layer[1].getArray(), 0, scope),
                STRIDE, PADDING, DILATION, 1).singletonOrThrow();
        return ChannelBlocks.unpad(y, weight.getShape().get(0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
    }
}
