package io.s2vc.model;

import io.s2vc.util.Seeds;

/**
 * S3D's separable convolution (the official {@code STConv3d}): a spatial k×k convolution
 * (1, k, k) → BN → ReLU, then a temporal one (k, 1, 1) → BN → ReLU. Weights N(0, 0.01²) as in the
 * official S3D.
 */
public final class SeparableConv3d extends LayerSequence {

    /**
     * @param filters output channels of both convolutions
     * @param kernel k
     * @param temporalStride stride of the temporal convolution
     * @param spatialStride stride of the spatial convolution
     * @param padding p, applied to the axes each convolution spans
     */
    public SeparableConv3d(int filters, int kernel, int temporalStride, int spatialStride, int padding, long seed) {
        addLayer("spatial", ConvBn.builder().setFilters(filters).setKernel(1, kernel, kernel)
                .optStride(1, spatialStride, spatialStride).optPadding(0, padding, padding)
                .setWeightInit(S3d.weightInit(Seeds.derive(seed, "spatial"))).build());
        addLayer("temporal", ConvBn.builder().setFilters(filters).setKernel(kernel, 1, 1)
                .optStride(temporalStride, 1, 1).optPadding(padding, 0, 0)
                .setWeightInit(S3d.weightInit(Seeds.derive(seed, "temporal"))).build());
    }
}
