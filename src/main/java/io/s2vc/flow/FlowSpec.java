package io.s2vc.flow;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The architecture of an AdvFlow-style flow: conv couplings at full resolution, an i-RevNet squeeze,
 * (fixed 1×1 conv, conv coupling) at half resolution, then fully connected couplings on the first
 * {@code denseFeatures} entries of the flattened tensor. Every coupling is followed by a fixed
 * permutation whose seed restarts at 0 in each of the three stages.
 *
 * @param name profile name
 * @param channels input channels (3)
 * @param height input height (even)
 * @param width input width (even)
 * @param highResCouplings conv couplings before the squeeze
 * @param lowResCouplings (fixed 1×1 conv, conv coupling) pairs after the squeeze
 * @param denseCouplings fully connected couplings after the split
 * @param convHidden hidden channels of every conv sub-net
 * @param denseInternal internal width of every fully connected sub-net
 * @param denseFeatures size of the first split part, the one the fully connected couplings act on
 */
public record FlowSpec(
        String name,
        int channels,
        int height,
        int width,
        int highResCouplings,
        int lowResCouplings,
        int denseCouplings,
        int convHidden,
        int denseInternal,
        int denseFeatures) {

    public static final String ADVFLOW_IMAGENET64 = "advflow-imagenet64";
    public static final String CPU_TINY_32 = "cpu-tiny-32";
    public static final String CPU_NARROW_32 = "cpu-narrow-32";
    /** Every architecture {@link #byName} knows. */
    public static final List<String> NAMES = List.of(ADVFLOW_IMAGENET64, CPU_TINY_32, CPU_NARROW_32);

    public FlowSpec {
        require(channels >= 2, "channels must be at least 2");
        require(height > 0 && width > 0 && height % 2 == 0 && width % 2 == 0, "height and width must be positive and even");
        require(highResCouplings >= 0 && lowResCouplings >= 0 && denseCouplings >= 0, "block counts must be non-negative");
        require(convHidden > 0 && denseInternal > 0, "sub-net widths must be positive");
        require(denseFeatures >= 2 && denseFeatures < channels * height * width,
                "denseFeatures must be in [2, C·H·W)");
    }

    /** The AdvFlow ImageNet 64×64 flow that S²VC uses (reference §1.2): 3×64×64 ↔ 12288. */
    public static FlowSpec advflowImagenet64() {
        return new FlowSpec(ADVFLOW_IMAGENET64, 3, 64, 64, 4, 6, 6, 128, 128, 3072);
    }

    /** The CPU profile: 3×32×32 ↔ 3072, same block types and key scheme, narrower conv sub-nets. */
    public static FlowSpec cpuTiny32() {
        return new FlowSpec(CPU_TINY_32, 3, 32, 32, 2, 4, 2, 48, 128, 768);
    }

    /**
     * cpu-tiny-32 with conv sub-nets of 16 channels instead of 48: about 3.4 times the suppression throughput on 2
     * cores (measured with random weights, batch 16), for the default demo, where suppression bounds the training
     * rate. One 16-channel block, so no convolution has a partial output block ({@link ChannelBlocks}).
     */
    public static FlowSpec cpuNarrow32() {
        return new FlowSpec(CPU_NARROW_32, 3, 32, 32, 2, 4, 2, 16, 128, 768);
    }

    public static FlowSpec byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case ADVFLOW_IMAGENET64:
                return advflowImagenet64();
            case CPU_TINY_32:
                return cpuTiny32();
            case CPU_NARROW_32:
                return cpuNarrow32();
            default:
                throw new IllegalArgumentException("unknown flow architecture '" + name + "' (known: "
                        + String.join(", ", NAMES) + ")");
        }
    }

    public FlowSpec withConvHidden(int hidden) {
        return new FlowSpec(name, channels, height, width, highResCouplings, lowResCouplings, denseCouplings,
                hidden, denseInternal, denseFeatures);
    }

    public FlowSpec withDenseInternal(int internal) {
        return new FlowSpec(name, channels, height, width, highResCouplings, lowResCouplings, denseCouplings,
                convHidden, internal, denseFeatures);
    }

    /** Values per frame, C·H·W: the latent size. */
    public int dimensions() {
        return channels * height * width;
    }

    /** The batch input shape (N, C, H, W). */
    public Shape frameShape(long batch) {
        return new Shape(batch, channels, height, width);
    }

    /** The graph, in FrEIA's node order. */
    public List<FlowNode> nodes() {
        List<FlowNode> nodes = new ArrayList<>();
        nodes.add(new FlowNode.Input());
        for (int k = 0; k < highResCouplings; k++) {
            nodes.add(new FlowNode.ConvCoupling(channels, convHidden));
            nodes.add(new FlowNode.Permutation(channels, k));
        }
        nodes.add(new FlowNode.Squeeze());
        int squeezed = 4 * channels;
        for (int k = 0; k < lowResCouplings; k++) {
            nodes.add(new FlowNode.Fixed1x1(squeezed));
            nodes.add(new FlowNode.ConvCoupling(squeezed, convHidden));
            nodes.add(new FlowNode.Permutation(squeezed, k));
        }
        nodes.add(new FlowNode.FlattenNode(squeezed, height / 2, width / 2));
        int rest = dimensions() - denseFeatures;
        nodes.add(new FlowNode.SplitNode(denseFeatures, rest));
        for (int k = 0; k < denseCouplings; k++) {
            nodes.add(new FlowNode.DenseCoupling(denseFeatures, denseInternal));
            nodes.add(new FlowNode.Permutation(denseFeatures, k));
        }
        nodes.add(new FlowNode.ConcatNode(denseFeatures, rest));
        nodes.add(new FlowNode.Output());
        return nodes;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("flow spec: " + message);
        }
    }
}
