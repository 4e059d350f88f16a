package io.s2vc.augment;

/**
 * The working form of a frame inside a view: one float array per row, interleaved RGB in [0, 255]
 * ({@code frame[y][3x + c]}). One array per row keeps every whole-row loop indexed from 0, which is what
 * lets the JIT vectorise them. This class also holds the one place where floats become uint8 again.
 */
final class FloatPixels {
    private FloatPixels() {
    }

    static float[][] newFrame(int height, int width) {
        return new float[height][width * 3];
    }

    /** Clamps to [0, 255] and rounds half up into {@code target}, starting at {@code targetOffset}. */
    static void store(float[][] frame, byte[] target, int targetOffset) {
        int offset = targetOffset;
        for (float[] row : frame) {
            for (int i = 0; i < row.length; i++) {
                target[offset + i] = (byte) (int) (clamp(row[i]) + 0.5f);
            }
            offset += row.length;
        }
    }

    /** {@code value ← clamp(scale · value + shift)} on every value: a whole-row loop the JIT vectorises. */
    static void scaleAndShift(float[][] frame, float scale, float shift) {
        for (float[] row : frame) {
            for (int i = 0; i < row.length; i++) {
                row[i] = Math.min(255f, Math.max(0f, scale * row[i] + shift));
            }
        }
    }

    /**
     * Clamps one value to [0, 255]. For per-pixel scalar code: there a select is cheaper than
     * {@link Math#min(float, float)}, which pays for NaN and −0 handling unless vectorised.
     */
    static float clamp(float value) {
        return value < 0f ? 0f : (value > 255f ? 255f : value);
    }
}
