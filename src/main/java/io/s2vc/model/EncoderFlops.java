package io.s2vc.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import java.util.function.ToDoubleFunction;

/**
 * The arithmetic of the MoCo encoder at a clip shape, counted from the built block tree (so it follows
 * the architecture as it is): two FLOPs (a multiply and an add) per multiply-accumulate of every
 * convolution and linear layer, at the input shape each one sees. BN, ReLU, pooling, the L2
 * normalisation, the InfoNCE logits (B × (1 + K) dot products of 128) and the optimiser are left out:
 * together well under 1 % for the backbones here.
 *
 * <p>One MoCo pair: the query's forward (F), its backward (2F: the gradients of the activations and of
 * the weights, each a forward's work, less the activation gradient of the first convolution, which
 * nothing needs since the clip is no parameter) and the key's forward (F, no gradient). So
 * 4F − F(first convolution); for R3D-18 the first convolution, 7×7×7, is 40 % of F, so the correction
 * is 10 % of a pair.
 *
 * <p>Checked numbers, counted by hand layer by layer and by this class (see the tests): Hara's
 * 3D-ResNet-18 ({@link R3d18}) at 16×112×112 is 8.308 GMAC forward (conv1 3.30, layer1 2.77,
 * layer2 1.22, layer3 0.61, layer4 0.40, head 0.0003), F = 16.62 GFLOP, 59.86 GFLOP per MoCo pair. The
 * "33" often quoted next to it is its parameter count (33.2 M), not GMACs. The same counting applied to
 * torchvision's r3d_18 (a 3×7×7 stem without max-pool, so layer1 runs at 16×56×56) gives the
 * 40.7 GMAC that torchvision publishes. tiny3d at 8×48×48: F = 135.4 MFLOP, 517.8 MFLOP per pair.
 */
public final class EncoderFlops {
    private EncoderFlops() {
    }

    /** FLOPs of one MoCo training pair: 4 forwards less the first convolution's activation gradient. */
    public static double perPair(BackboneType backbone, int embeddingSize, Shape clip) {
        return count(backbone, embeddingSize, clip, encoder -> 4 * forward(encoder) - forward(firstConvolution(encoder)));
    }

    /** FLOPs of one encoder forward (backbone and projection head) of one clip (T, H, W). */
    public static double forward(BackboneType backbone, int embeddingSize, Shape clip) {
        return count(backbone, embeddingSize, clip, EncoderFlops::forward);
    }

    /** Counts on an encoder initialised for one clip of the given shape. */
    private static double count(BackboneType backbone, int embeddingSize, Shape clip, ToDoubleFunction<Encoder> counter) {
        if (clip.dimension() != 3) {
            throw new IllegalArgumentException("a clip shape is (T, H, W), got " + clip);
        }
        Encoder encoder = Encoder.builder().setBackbone(backbone).optEmbeddingSize(embeddingSize).build();
        // Zeros instead of the seeded draws: only the shapes matter, and R3D-18's 33 M draws take seconds.
        encoder.setInitializer(Initializer.ZEROS, parameter -> true);
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            encoder.initialize(scratch, DataType.FLOAT32, new Shape(1, 3).addAll(clip));
            return counter.applyAsDouble(encoder);
        }
    }

    /** The first convolution in the order the blocks were added: the one that reads the clip. */
    private static Convolution firstConvolution(Block block) {
        if (block instanceof Convolution conv) {
            return conv;
        }
        for (Block child : block.getChildren().values()) {
            Convolution first = firstConvolution(child);
            if (first != null) {
                return first;
            }
        }
        return null;
    }

    /**
     * FLOPs of one forward of an initialised block, at the input shapes its layers recorded when it was
     * initialised, divided by the batch of that input.
     */
    public static double forward(Block block) {
        double flops = 0;
        if (block instanceof Convolution conv) {
            Shape[] in = conv.getInputShapes();
            Shape out = conv.getOutputShapes(in)[0];
            double macs = (double) out.size() * (in[0].get(1) / conv.getGroups()) * conv.getKernelShape().size();
            flops += 2 * macs / in[0].get(0);
        } else if (block instanceof Linear linear) {
            Shape[] in = linear.getInputShapes();
            Shape out = linear.getOutputShapes(in)[0];
            flops += 2.0 * out.size() * in[0].get(in[0].dimension() - 1) / in[0].get(0);
        }
        for (Block child : block.getChildren().values()) {
            flops += forward(child);
        }
        return flops;
    }
}
