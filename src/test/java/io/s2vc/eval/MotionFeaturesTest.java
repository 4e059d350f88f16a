package io.s2vc.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.video.Clip;
import org.junit.jupiter.api.Test;

/** The frame-difference motion descriptor reads each kind of motion, with its sense, and ignores a still scene. */
class MotionFeaturesTest {
    private static final int SIZE = 48;
    private static final int FRAMES = 8;

    /** Pose of the object in frame t: centre, scale, angle (radians, growing clockwise on screen). */
    private interface Path {
        double[] pose(int t);
    }

    /** A 14×6 bright bar (asymmetric, so rotation shows) over a still checkerboard. */
    private static Clip render(Path path) {
        byte[] rgb = new byte[FRAMES * SIZE * SIZE * 3];
        for (int t = 0; t < FRAMES; t++) {
            double[] p = path.pose(t);
            double cos = Math.cos(p[3]);
            double sin = Math.sin(p[3]);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double dx = x - p[0];
                    double dy = y - p[1];
                    double u = (dx * cos + dy * sin) / p[2];
                    double v = (-dx * sin + dy * cos) / p[2];
                    int level = Math.abs(u) < 7 && Math.abs(v) < 3 ? 230 : ((x / 4 + y / 4) % 2 == 0 ? 60 : 110);
                    int offset = ((t * SIZE + y) * SIZE + x) * 3;
                    rgb[offset] = (byte) level;
                    rgb[offset + 1] = (byte) level;
                    rgb[offset + 2] = (byte) level;
                }
            }
        }
        return new Clip(FRAMES, SIZE, SIZE, rgb);
    }

    private static float[] features(Path path) {
        return MotionFeatures.of(render(path));
    }

    @Test
    void translationsAreReadWithTheirDirection() {
        float[] right = features(t -> new double[] {16 + 2 * t, 24, 1, 0});
        float[] left = features(t -> new double[] {32 - 2 * t, 24, 1, 0});
        float[] down = features(t -> new double[] {24, 16 + 2 * t, 1, 0.3});
        assertTrue(right[0] > 1 && Math.abs(right[1]) < right[0] / 4, java.util.Arrays.toString(right));
        assertTrue(left[0] < -1 && Math.abs(left[1]) < -left[0] / 4, java.util.Arrays.toString(left));
        assertTrue(down[1] > 1 && Math.abs(down[0]) < down[1] / 4, java.util.Arrays.toString(down));
    }

    @Test
    void rotationIsReadAsCurlWithItsSense() {
        float[] clockwise = features(t -> new double[] {24, 24, 1, 0.15 * t});
        float[] counter = features(t -> new double[] {24, 24, 1, -0.15 * t});
        assertTrue(clockwise[3] > 0 && Math.abs(clockwise[2]) < clockwise[3], java.util.Arrays.toString(clockwise));
        assertTrue(counter[3] < 0 && Math.abs(counter[2]) < -counter[3], java.util.Arrays.toString(counter));
    }

    @Test
    void growingAndShrinkingAreReadAsDivergence() {
        float[] grow = features(t -> new double[] {24, 24, Math.pow(1.12, t), 0.4});
        float[] shrink = features(t -> new double[] {24, 24, 2 * Math.pow(1.12, -t), 0.4});
        assertTrue(grow[2] > 0 && Math.abs(grow[3]) < grow[2], java.util.Arrays.toString(grow));
        assertTrue(shrink[2] < 0 && Math.abs(shrink[3]) < -shrink[2], java.util.Arrays.toString(shrink));
    }

    @Test
    void aStillClipHasNoMotionWhateverItsTexture() {
        assertArrayEquals(new float[MotionFeatures.SIZE], features(t -> new double[] {20, 26, 1, 0.7}));
    }
}
