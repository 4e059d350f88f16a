package io.s2vc.model;

/**
 * A 3D CNN from clips (B, 3, T, H, W), ImageNet-normalised ({@link ImageNetNormalization}), to a
 * feature map (B, {@link #featureSize()}, t, h, w); {@link Encoder} pools it globally.
 */
public abstract class Backbone extends LayerSequence {
    private final BackboneType type;

    protected Backbone(BackboneType type) {
        this.type = type;
    }

    public final BackboneType type() {
        return type;
    }

    /** Channels of the output feature map, the length of the pooled feature. */
    public final int featureSize() {
        return type.featureSize();
    }
}
