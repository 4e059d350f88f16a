package io.s2vc.io;

import java.util.Arrays;

/**
 * A float32 array as stored in a {@code .npy} file: C-order values and the shape ({@code []} for a
 * scalar).
 */
public record NpyArray(long[] shape, float[] values) {

    public NpyArray {
        shape = shape.clone();
        long size = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= dim;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + size + " values, got " + values.length);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape in NumPy's notation, e.g. {@code (12, 12, 1, 1)}, {@code (3,)}, {@code ()}. */
    public String shapeText() {
        return Npy.shapeText(shape);
    }
}
