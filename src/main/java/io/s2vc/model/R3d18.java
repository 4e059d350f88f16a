package io.s2vc.model;

import io.s2vc.util.Seeds;

import ai.djl.ndarray.types.Shape;

/**
 * Hara et al.'s 3D-ResNet-18 as in the official code (official §4.1), not torchvision's r3d_18:
 * conv1 7×7×7 stride (1,2,2) pad 3 → BN → ReLU → max-pool 3×3×3 stride 2 pad 1, then four stages of
 * two {@link ResidualBlock}s with 64/128/256/512 channels, stride 2 in stages 2–4, shortcut type B.
 * Convolutions Kaiming-normal (fan_out), BN γ = 1, β = 0. A 16×112×112 clip gives a 512×1×4×4 map.
 */
public final class R3d18 extends Backbone {
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int BLOCKS_PER_STAGE = 2;

    public R3d18(long seed) {
        super(BackboneType.R3D18);
        addLayer("conv1", ConvBn.builder().setFilters(64).setKernel(7, 7, 7)
                .optStride(1, 2, 2).optPadding(3, 3, 3)
                .setWeightInit(SeededInitializer.kaimingNormalFanOut(Seeds.derive(seed, "conv1"))).build());
        addLayer("maxpool", new MaxPool3d(new Shape(3, 3, 3), new Shape(2, 2, 2), new Shape(1, 1, 1)));
        int inPlanes = 64;
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                String name = "layer" + (stage + 1) + "." + block;
                addLayer(name, new ResidualBlock(inPlanes, WIDTHS[stage], stride, Seeds.derive(seed, name)));
                inPlanes = WIDTHS[stage];
            }
        }
    }
}
