package io.s2vc.suppress;

import static io.s2vc.suppress.SuppressTestArrays.maxAbsDiff;
import static io.s2vc.suppress.SuppressTestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resampling matrices against the reference's windows and against libtorch's own ops. */
class FrameResamplerTest {
    /** libtorch's interpolate mode code for 'nearest' (DJL's native enum order). */
    private static final int LIBTORCH_NEAREST = 0;

    private static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    @Test
    void adaptivePoolingWindowsOf112To64AreTheReferences() {
        int[][] firstWindows = {{0, 2}, {1, 4}, {3, 6}, {5, 7}, {7, 9}, {8, 11}};
        for (int i = 0; i < firstWindows.length; i++) {
            assertArrayEquals(firstWindows[i], new int[] {
                AxisResampling.windowStart(i, 112, 64), AxisResampling.windowEnd(i, 112, 64)}, "window " + i);
        }
        int[] sizes = {2, 3, 3, 2};
        for (int i = 0; i < 64; i++) {
            int size = AxisResampling.windowEnd(i, 112, 64) - AxisResampling.windowStart(i, 112, 64);
            assertEquals(sizes[i % 4], size, "size of window " + i);
        }
        assertEquals(112, AxisResampling.windowEnd(63, 112, 64));

        float[] matrix = AxisResampling.adaptiveAveragePooling(112, 64);
        for (int i = 0; i < 64; i++) {
            float rowSum = 0;
            for (int j = 0; j < 112; j++) {
                float w = matrix[i * 112 + j];
                boolean inside = j >= AxisResampling.windowStart(i, 112, 64) && j < AxisResampling.windowEnd(i, 112, 64);
                assertEquals(inside ? 1f / sizes[i % 4] : 0f, w, "A[" + i + "][" + j + "]");
                rowSum += w;
            }
            assertEquals(1f, rowSum, 1e-6f);
        }
    }

    @Test
    void nearestFrom64To112IsFloorOfFourSevenths() {
        float[] matrix = AxisResampling.nearest(64, 112);
        for (int dst = 0; dst < 112; dst++) {
            int expected = dst * 4 / 7;
            assertEquals(expected, AxisResampling.nearestSource(dst, 64, 112), "source of " + dst);
            for (int src = 0; src < 64; src++) {
                assertEquals(src == expected ? 1f : 0f, matrix[dst * 64 + src]);
            }
        }
    }

    @Test
    void matricesReproduceLibtorchsAdaptiveAveragePoolAndNearestInterpolate() {
        int[][] sizes = {{112, 112, 64, 64}, {40, 40, 32, 32}, {48, 48, 32, 32}, {30, 50, 32, 32}, {32, 32, 32, 32},
            {128, 128, 64, 64}, {100, 37, 64, 64}};
        for (int[] size : sizes) {
            int height = size[0];
            int width = size[1];
            int smallHeight = size[2];
            int smallWidth = size[3];
            String what = height + "x" + width + " <-> " + smallHeight + "x" + smallWidth;
            try (NDManager scope = manager.newSubManager()) {
                FrameResampler resampler = new FrameResampler(height, width, smallHeight, smallWidth, scope);
                NDArray frames = uniform(scope, height, new Shape(3, 3, height, width));
                NDArray pooled = JniUtils.adaptiveAvgPool((PtNDArray) frames, new Shape(smallHeight, smallWidth));
                float downError = maxAbsDiff(resampler.down(frames), pooled);
                assertTrue(downError < 1e-6, what + ": down differs from adaptive_avg_pool2d by " + downError);

                NDArray small = uniform(scope, width, new Shape(3, 3, smallHeight, smallWidth));
                NDArray nearest = JniUtils.interpolate(
                        (PtNDArray) small, new long[] {height, width}, LIBTORCH_NEAREST, false);
                assertEquals(0f, maxAbsDiff(resampler.up(small), nearest), what + ": up is not libtorch's nearest");
            }
        }
    }
}
