package io.s2vc.suppress;

import io.s2vc.nd.ArrayScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Down- and up-sampling of frames (N, C, H, W) ↔ (N, C, h, w) between the clip size and the flow size,
 * as separable matrix products {@code A · X · Aᵀ} (see {@link AxisResampling}). The four matrices are
 * built once, live in the manager given at construction, and are only read afterwards, so one resampler
 * serves concurrent calls.
 */
final class FrameResampler {
    private final int height;
    private final int width;
    private final int smallHeight;
    private final int smallWidth;
    /** (h, H): averages rows. */
    private final NDArray poolRows;
    /** (W, w): averages columns (transposed, for a right product). */
    private final NDArray poolColumnsT;
    /** (H, h): copies rows. */
    private final NDArray nearestRows;
    /** (w, W): copies columns (transposed). */
    private final NDArray nearestColumnsT;

    FrameResampler(int height, int width, int smallHeight, int smallWidth, NDManager manager) {
        this.height = height;
        this.width = width;
        this.smallHeight = smallHeight;
        this.smallWidth = smallWidth;
        this.poolRows = manager.create(AxisResampling.adaptiveAveragePooling(height, smallHeight),
                new Shape(smallHeight, height));
        this.poolColumnsT = manager.create(
                transpose(AxisResampling.adaptiveAveragePooling(width, smallWidth), smallWidth, width),
                new Shape(width, smallWidth));
        this.nearestRows = manager.create(AxisResampling.nearest(smallHeight, height), new Shape(height, smallHeight));
        this.nearestColumnsT = manager.create(
                transpose(AxisResampling.nearest(smallWidth, width), width, smallWidth),
                new Shape(smallWidth, width));
    }

    /** Frames (N, C, H, W) → (N, C, h, w) by adaptive average pooling; the result is in the frames' manager. */
    NDArray down(NDArray frames) {
        return resample(frames, poolRows, poolColumnsT, height, width);
    }

    /** Frames (N, C, h, w) → (N, C, H, W) by nearest neighbour; the result is in the frames' manager. */
    NDArray up(NDArray small) {
        return resample(small, nearestRows, nearestColumnsT, smallHeight, smallWidth);
    }

    /** The transpose of a row-major {@code rows × columns} matrix. */
    private static float[] transpose(float[] matrix, int rows, int columns) {
        float[] transposed = new float[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                transposed[c * rows + r] = matrix[r * columns + c];
            }
        }
        return transposed;
    }

    private static NDArray resample(NDArray frames, NDArray rows, NDArray columnsT, int inHeight, int inWidth) {
        Shape shape = frames.getShape();
        if (shape.dimension() != 4 || shape.get(2) != inHeight || shape.get(3) != inWidth) {
            throw new IllegalArgumentException("frames must be (N, C, " + inHeight + ", " + inWidth + "), got " + shape);
        }
        NDManager scope = frames.getManager();
        NDArray columnsDone = frames.matMul(ArrayScope.alias(columnsT, scope));
        return ArrayScope.alias(rows, scope).matMul(columnsDone);
    }
}
