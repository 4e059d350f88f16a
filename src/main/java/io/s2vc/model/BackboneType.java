package io.s2vc.model;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/** The backbones, by the names the configuration uses. */
public enum BackboneType {
    /** Hara et al.'s 3D-ResNet-18 of the official code (official §4.1); paper input 16×112×112. */
    R3D18("r3d18", 512, new Shape(16, 112, 112), R3d18::new),
    /** S3D without gating (official §4.1); paper input 32×128×128. */
    S3D("s3d", 1024, new Shape(32, 128, 128), S3d::new),
    /** A small CNN for CPUs (science notes): the CPU profile's 8×48×48 clips. */
    TINY3D("tiny3d", 128, new Shape(8, 48, 48), Tiny3d::new);

    private final String id;
    private final int featureSize;
    private final Shape defaultClipShape;
    private final LongFunction<Backbone> factory;

    BackboneType(String id, int featureSize, Shape defaultClipShape, LongFunction<Backbone> factory) {
        this.id = id;
        this.featureSize = featureSize;
        this.defaultClipShape = defaultClipShape;
        this.factory = factory;
    }

    /** The backbone called {@code name} (case-insensitive): r3d18, s3d or tiny3d. */
    public static BackboneType fromName(String name) {
        for (BackboneType type : values()) {
            if (type.id.equalsIgnoreCase(name.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown backbone '" + name + "', expected one of "
                + Arrays.stream(values()).map(BackboneType::id).collect(Collectors.joining(", ")));
    }

    public String id() {
        return id;
    }

    public int featureSize() {
        return featureSize;
    }

    /** (T, H, W) of the input the backbone is usually run on. */
    public Shape defaultClipShape() {
        return defaultClipShape;
    }

    /** (batch, 3, T, H, W) at the default clip shape. */
    public Shape inputShape(long batch) {
        return new Shape(batch, 3).addAll(defaultClipShape);
    }

    /** A new, uninitialised backbone whose weights will be drawn from {@code seed}. */
    public Backbone newBackbone(long seed) {
        return factory.apply(seed);
    }

    @Override
    public String toString() {
        return id;
    }
}
