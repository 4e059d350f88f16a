package io.s2vc.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {

    @Test
    void constantFrameStaysConstant() {
        float[][] frame = FloatPixels.newFrame(20, 30);
        for (float[] row : frame) {
            Arrays.fill(row, 77f);
        }
        new GaussianBlur(1.7, 20, 30).apply(frame);
        for (float[] row : frame) {
            for (float value : row) {
                assertEquals(77f, value, 1e-3f);
            }
        }
    }

    @Test
    void impulseResponseHasUnitMassAndVarianceSigmaSquaredPerAxis() {
        // PIL's extended boxes are built so that three passes have exactly the Gaussian's variance.
        int height = 41;
        int width = 45;
        int centreY = height / 2;
        int centreX = width / 2;
        for (double sigma : new double[] {0.1, 0.5, 1.0, 1.37, 2.0, 3.5}) {
            float[][] frame = FloatPixels.newFrame(height, width);
            frame[centreY][3 * centreX + 1] = 1f; // green channel only
            new GaussianBlur(sigma, height, width).apply(frame);
            double mass = 0;
            double varianceX = 0;
            double varianceY = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    assertEquals(0f, frame[y][3 * x], "red stays untouched");
                    double value = frame[y][3 * x + 1];
                    mass += value;
                    varianceX += value * (x - centreX) * (x - centreX);
                    varianceY += value * (y - centreY) * (y - centreY);
                }
            }
            assertEquals(1.0, mass, 1e-4, "mass at sigma " + sigma);
            assertEquals(sigma * sigma, varianceX, 1e-3 + 1e-3 * sigma * sigma, "x variance at sigma " + sigma);
            assertEquals(sigma * sigma, varianceY, 1e-3 + 1e-3 * sigma * sigma, "y variance at sigma " + sigma);
        }
    }
}
