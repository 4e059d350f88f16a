package io.s2vc.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.augment.ColorJitter.FrameJitter;
import io.s2vc.augment.ColorJitter.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorOpsTest {
    private static final int HEIGHT = 20;
    private static final int WIDTH = 25;

    @Test
    void hueShiftOfZeroIsTheIdentity() {
        float[][] original = TestClips.randomFloatFrame(HEIGHT, WIDTH, 1);
        float[][] shifted = TestClips.copy(original);
        HueShift.apply(shifted, 0f);
        assertClose(original, shifted, 1e-3f);
    }

    @Test
    void hueShiftRotatesPrimariesAndKeepsGrey() {
        float[][] pixels = {{255, 0, 0, 0, 255, 0, 90, 90, 90}};
        HueShift.apply(pixels, 1f / 3f);
        assertClose(new float[][] {{0, 255, 0, 0, 0, 255, 90, 90, 90}}, pixels, 1e-3f);
    }

    @Test
    void hueShiftPreservesMaxAndMinAndInvertsWithTheOppositeShift() {
        float[][] original = TestClips.randomFloatFrame(HEIGHT, WIDTH, 2);
        float[][] shifted = TestClips.copy(original);
        HueShift.apply(shifted, 0.07f);
        for (int y = 0; y < HEIGHT; y++) {
            for (int i = 0; i < 3 * WIDTH; i += 3) {
                assertEquals(max(original[y], i), max(shifted[y], i), 1e-3f);
                assertEquals(min(original[y], i), min(shifted[y], i), 1e-3f);
            }
        }
        HueShift.apply(shifted, -0.07f);
        assertClose(original, shifted, 1e-2f);
    }

    @Test
    void grayscaleGivesEqualChannelsWithRec601Luma() {
        float[][] frame = TestClips.randomFloatFrame(HEIGHT, WIDTH, 3);
        float[][] original = TestClips.copy(frame);
        Grayscale.apply(frame);
        for (int y = 0; y < HEIGHT; y++) {
            float[] row = frame[y];
            float[] before = original[y];
            for (int i = 0; i < row.length; i += 3) {
                assertEquals(row[i], row[i + 1]);
                assertEquals(row[i], row[i + 2]);
                assertEquals(0.299f * before[i] + 0.587f * before[i + 1] + 0.114f * before[i + 2], row[i], 1e-3f);
            }
        }
    }

    @Test
    void brightnessMultipliesAndClamps() {
        float[][] pixel = {{100, 200, 0}};
        ColorJitter.adjustBrightness(pixel, 1.4f);
        assertClose(new float[][] {{140, 255, 0}}, pixel, 1e-4f);
    }

    @Test
    void contrastZeroGivesTheMeanGreyAndSaturationZeroGivesGrayscale() {
        float[][] frame = TestClips.randomFloatFrame(HEIGHT, WIDTH, 4);
        float mean = Grayscale.meanLuma(frame);
        float[][] flat = TestClips.copy(frame);
        ColorJitter.adjustContrast(flat, 0f);
        for (float[] row : flat) {
            for (float value : row) {
                assertEquals(mean, value, 1e-3f);
            }
        }
        float[][] desaturated = TestClips.copy(frame);
        float[][] gray = TestClips.copy(frame);
        ColorJitter.adjustSaturation(desaturated, 0f);
        Grayscale.apply(gray);
        assertClose(gray, desaturated, 1e-3f);
    }

    @Test
    void sampledJittersStayInTheirRangesAndVaryTheOrder() {
        ColorJitter official = new ColorJitter(0.4, 0.4, 0.4, 0.1);
        SplittableRandom rng = new SplittableRandom(5);
        Set<List<Op>> orders = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            FrameJitter jitter = official.sample(rng);
            orders.add(jitter.order());
            for (float factor : new float[] {jitter.brightness(), jitter.contrast(), jitter.saturation()}) {
                assertTrue(factor >= 0.6f && factor <= 1.4f, "factor " + factor);
            }
            assertTrue(Math.abs(jitter.hueShift()) <= 0.1f);
        }
        assertEquals(24, orders.size(), "all 4! op orders occur");
    }

    @Test
    void identityJitterLeavesTheFrameUnchanged() {
        float[][] frame = TestClips.randomFloatFrame(HEIGHT, WIDTH, 6);
        float[][] original = TestClips.copy(frame);
        List<Op> order = List.of(Op.HUE, Op.SATURATION, Op.CONTRAST, Op.BRIGHTNESS);
        new FrameJitter(order, 1f, 1f, 1f, 0f).applyTo(frame);
        assertClose(original, frame, 0f);
        new FrameJitter(order, 1.2f, 0.8f, 1.1f, 0.05f).applyTo(frame);
        assertNotEquals(original[0][0], frame[0][0]);
    }

    private static void assertClose(float[][] expected, float[][] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int y = 0; y < expected.length; y++) {
            for (int i = 0; i < expected[y].length; i++) {
                assertEquals(expected[y][i], actual[y][i], tolerance, "row " + y + " index " + i);
            }
        }
    }

    private static float max(float[] rgb, int i) {
        return Math.max(rgb[i], Math.max(rgb[i + 1], rgb[i + 2]));
    }

    private static float min(float[] rgb, int i) {
        return Math.min(rgb[i], Math.min(rgb[i + 1], rgb[i + 2]));
    }
}
