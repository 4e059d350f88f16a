package io.s2vc.augment;

/**
 * ITU-R 601-2 luma (PIL's {@code convert("L")}), used by RandomGrayscale and by the contrast and saturation
 * jitters. Frames are rows of interleaved RGB floats in [0, 255] (see {@link FloatPixels}).
 */
final class Grayscale {
    static final float RED = 0.299f;
    static final float GREEN = 0.587f;
    static final float BLUE = 0.114f;

    private Grayscale() {
    }

    static float luma(float red, float green, float blue) {
        return RED * red + GREEN * green + BLUE * blue;
    }

    /** Replaces every pixel by its luma on all three channels (torchvision's 3-channel grayscale output). */
    static void apply(float[][] frame) {
        for (float[] row : frame) {
            for (int i = 0; i < row.length; i += 3) {
                float gray = luma(row[i], row[i + 1], row[i + 2]);
                row[i] = gray;
                row[i + 1] = gray;
                row[i + 2] = gray;
            }
        }
    }

    /** Mean luma of a frame: the grey level that contrast blends towards. */
    static float meanLuma(float[][] frame) {
        double sum = 0;
        int pixels = 0;
        for (float[] row : frame) {
            float rowSum = 0;
            for (int i = 0; i < row.length; i += 3) {
                rowSum += luma(row[i], row[i + 1], row[i + 2]);
            }
            sum += rowSum;
            pixels += row.length / 3;
        }
        return (float) (sum / pixels);
    }
}
