package io.s2vc.model;

import io.s2vc.util.Seeds;

/**
 * A small 3D CNN for CPUs, the encoder of the CPU experiment in the science notes: four
 * 3×3×3 Conv-BN-ReLU blocks with 32/64/128/128 channels, each strided spatially by 2 and the middle
 * two also temporally by 2. An 8×48×48 clip gives a 128×2×3×3 map. Kaiming-normal (fan_out) weights.
 */
public final class Tiny3d extends Backbone {
    private static final int[] WIDTHS = {32, 64, 128, 128};
    private static final int[] TEMPORAL_STRIDES = {1, 2, 2, 1};

    public Tiny3d(long seed) {
        super(BackboneType.TINY3D);
        for (int i = 0; i < WIDTHS.length; i++) {
            String name = "block" + (i + 1);
            addLayer(name, ConvBn.builder().setFilters(WIDTHS[i]).setKernel(3, 3, 3)
                    .optStride(TEMPORAL_STRIDES[i], 2, 2).optPadding(1, 1, 1)
                    .setWeightInit(SeededInitializer.kaimingNormalFanOut(Seeds.derive(seed, name))).build());
        }
    }
}
