package io.s2vc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The FLOP count against hand computations: (output elements) × (input channels × kernel volume) MACs, 2 FLOPs each. */
class EncoderFlopsTest {
    @Test
    void aConvolutionCountsItsOutputTimesItsReceptiveField() {
        // 3 -> 32 channels, 3x3x3, stride (1, 2, 2), pad 1 on 4x16x16: 32x4x8x8 outputs of 3*27 MACs.
        ConvBn conv = ConvBn.builder().setFilters(32).setKernel(3, 3, 3).optStride(1, 2, 2).optPadding(1, 1, 1)
                .setWeightInit(SeededInitializer.kaimingNormalFanOut(1)).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            conv.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 4, 16, 16));
        }
        assertEquals(2.0 * 32 * 4 * 8 * 8 * 3 * 27, EncoderFlops.forward(conv), "per clip of a batch of 2");
    }

    @Test
    void tiny3dAt4x16x16IsItsFourConvolutionsAndTheHead() {
        long macs = 32L * 4 * 8 * 8 * 3 * 27     // block1: stride (1,2,2) -> 4x8x8
                + 64L * 2 * 4 * 4 * 32 * 27      // block2: stride (2,2,2) -> 2x4x4
                + 128L * 1 * 2 * 2 * 64 * 27     // block3: stride (2,2,2) -> 1x2x2
                + 128L * 1 * 1 * 1 * 128 * 27    // block4: stride (1,2,2) -> 1x1x1
                + 128L * 128 + 128L * 128;       // head: 128 -> 128 -> 128
        assertEquals(3_792_896, macs);
        assertEquals(2.0 * macs, EncoderFlops.forward(BackboneType.TINY3D, 128, new Shape(4, 16, 16)));
        // A pair: 4 forwards, less the gradient of block1's input (the clip), one block1 forward.
        assertEquals(4 * 2.0 * macs - 2.0 * 32 * 4 * 8 * 8 * 3 * 27,
                EncoderFlops.perPair(BackboneType.TINY3D, 128, new Shape(4, 16, 16)));
    }

    @Test
    void r3d18At16x112x112Is8Point3GigaMacs() {
        long conv1 = 64L * 16 * 56 * 56 * 3 * 343;                                    // 7x7x7, stride (1,2,2)
        long layer1 = 4 * 64L * 8 * 28 * 28 * 64 * 27;                                // after the 2x max-pool
        long layer2 = 128L * 784 * 64 * 27 + 3 * 128L * 784 * 128 * 27 + 128L * 784 * 64;   // 4x14x14
        long layer3 = 256L * 98 * 128 * 27 + 3 * 256L * 98 * 256 * 27 + 256L * 98 * 128;   // 2x7x7
        long layer4 = 512L * 16 * 256 * 27 + 3 * 512L * 16 * 512 * 27 + 512L * 16 * 256;   // 1x4x4
        long head = 512L * 512 + 512L * 128;
        long macs = conv1 + layer1 + layer2 + layer3 + layer4 + head;
        assertEquals(8_308_129_792L, macs);
        assertEquals(2.0 * macs, EncoderFlops.forward(BackboneType.R3D18, 128, new Shape(16, 112, 112)));
        assertEquals(4 * 2.0 * macs - 2.0 * conv1, EncoderFlops.perPair(BackboneType.R3D18, 128, new Shape(16, 112, 112)));
    }
}
