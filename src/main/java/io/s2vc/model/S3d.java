package io.s2vc.model;

import io.s2vc.util.Seeds;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * S3D without gating, as the official {@code S3D(gating=False)} (official §4.1): separable Conv_1a
 * (7, temporal stride 2, spatial stride 2) → max-pool (1,3,3)/(1,2,2) → Conv_2b 1×1×1 (64) →
 * separable Conv_2c (192) → max-pool → Mixed_3b, 3c → max-pool 3×3×3/2 → Mixed_4b–4f → max-pool
 * 2×2×2/2 → Mixed_5b, 5c: 1024 channels, with the standard S3D/I3D inception widths. Convolution
 * weights N(0, 0.01²), BN γ = 1, β = 0.
 */
public final class S3d extends Backbone {
    private static final double WEIGHT_STD = 0.01;

    public S3d(long seed) {
        super(BackboneType.S3D);
        addLayer("conv1a", new SeparableConv3d(64, 7, 2, 2, 3, Seeds.derive(seed, "conv1a")));
        addLayer("maxpool2a", spatialPool());
        addLayer("conv2b", ConvBn.builder().setFilters(64).setKernel(1, 1, 1)
                .setWeightInit(weightInit(Seeds.derive(seed, "conv2b"))).build());
        addLayer("conv2c", new SeparableConv3d(192, 3, 1, 1, 1, Seeds.derive(seed, "conv2c")));
        addLayer("maxpool3a", spatialPool());
        mixed("mixed3b", seed, 64, 96, 128, 16, 32, 32);
        mixed("mixed3c", seed, 128, 128, 192, 32, 96, 64);
        addLayer("maxpool4a", new MaxPool3d(new Shape(3, 3, 3), new Shape(2, 2, 2), new Shape(1, 1, 1)));
        mixed("mixed4b", seed, 192, 96, 208, 16, 48, 64);
        mixed("mixed4c", seed, 160, 112, 224, 24, 64, 64);
        mixed("mixed4d", seed, 128, 128, 256, 24, 64, 64);
        mixed("mixed4e", seed, 112, 144, 288, 32, 64, 64);
        mixed("mixed4f", seed, 256, 160, 320, 32, 128, 128);
        addLayer("maxpool5a", new MaxPool3d(new Shape(2, 2, 2), new Shape(2, 2, 2), new Shape(0, 0, 0)));
        mixed("mixed5b", seed, 256, 160, 320, 32, 128, 128);
        mixed("mixed5c", seed, 384, 192, 384, 48, 128, 128);
    }

    /** The official S3D's convolution initialisation, N(0, 0.01²). */
    static Initializer weightInit(long seed) {
        return SeededInitializer.normal(WEIGHT_STD, seed);
    }

    private static MaxPool3d spatialPool() {
        return new MaxPool3d(new Shape(1, 3, 3), new Shape(1, 2, 2), new Shape(0, 1, 1));
    }

    private void mixed(String name, long seed, int... widths) {
        addLayer(name, new InceptionBlock(widths, Seeds.derive(seed, name)));
    }
}
