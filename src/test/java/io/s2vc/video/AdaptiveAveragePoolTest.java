package io.s2vc.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** PyTorch's adaptive_avg_pool2d windows: [floor(i·H/h), ceil((i+1)·H/h)), then the mean, rounded. */
class AdaptiveAveragePoolTest {

    @Test
    void matchesTheWindowDefinition() {
        int inH = 112;
        int inW = 90;
        int outH = 64;
        int outW = 32;
        byte[] frame = new byte[inH * inW * 3];
        new SplittableRandom(4).nextBytes(frame);
        byte[] pooled = new byte[outH * outW * 3];
        new AdaptiveAveragePool(inH, inW, outH, outW).pool(frame, 0, pooled, 0);
        for (int oy = 0; oy < outH; oy++) {
            int y0 = Math.floorDiv(oy * inH, outH);
            int y1 = -Math.floorDiv(-(oy + 1) * inH, outH);
            for (int ox = 0; ox < outW; ox++) {
                int x0 = Math.floorDiv(ox * inW, outW);
                int x1 = -Math.floorDiv(-(ox + 1) * inW, outW);
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            sum += frame[(y * inW + x) * 3 + c] & 0xff;
                        }
                    }
                    long expected = Math.round(sum / ((y1 - y0) * (x1 - x0)));
                    assertEquals(expected, pooled[(oy * outW + ox) * 3 + c] & 0xff, "at " + oy + "," + ox + "," + c);
                }
            }
        }
    }

    @Test
    void the112To64WindowsOverlapAsTheReferenceSays() {
        // Windows of sizes 2, 3, 3, 2 repeating: [0,2), [1,4), [3,6), [5,7) (reference §2.2).
        byte[] column = new byte[112 * 3];
        for (int y = 0; y < 112; y++) {
            column[y * 3] = (byte) y;
        }
        byte[] pooled = new byte[64 * 3];
        new AdaptiveAveragePool(112, 1, 64, 1).pool(column, 0, pooled, 0);
        assertEquals(1, pooled[0] & 0xff);      // mean of 0, 1 = 0.5, rounded half up
        assertEquals(2, pooled[3] & 0xff);      // mean of 1, 2, 3
        assertEquals(4, pooled[6] & 0xff);      // mean of 3, 4, 5
        assertEquals(6, pooled[9] & 0xff);      // mean of 5, 6 = 5.5
    }
}
