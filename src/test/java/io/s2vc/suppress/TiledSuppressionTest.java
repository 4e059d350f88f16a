package io.s2vc.suppress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.flow.FlowModel;
import io.s2vc.video.Clip;
import org.junit.jupiter.api.Test;

/** Tile-by-tile suppression of footage larger than the flow, and the report of how much change it keeps. */
class TiledSuppressionTest {

    @Test
    void everyTileIsSuppressedAsItsOwnClipAndPutBackInPlace() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel flow = SuppressTestArrays.tinyFlow(manager);
            try (StaticCueSuppressor suppressor = StaticCueSuppressor.builder().setFlow(flow).optKeepResidual(false).build()) {
                NDArray clip = SuppressTestArrays.uniform(manager, 3, new Shape(1, 3, 4, 64, 96));
                // 2 x 3 tiles, 4 per call: the output must not depend on how tiles are batched
                SuppressionResult tiled = new TiledSuppression(suppressor, 32, 4).suppress(clip, 7);
                assertEquals(new Shape(1, 3, 4, 64, 96), tiled.output().getShape());
                double fractions = 0;
                for (int row = 0; row < 2; row++) {
                    for (int column = 0; column < 3; column++) {
                        NDArray tile = clip.get(":, :, :, {}:{}, {}:{}", 32 * row, 32 * row + 32, 32 * column,
                                32 * column + 32);
                        SuppressionResult alone = suppressor.suppress(tile, new long[] {7 * 1_000_003L + 3 * row + column});
                        NDArray placed = tiled.output().get(":, :, :, {}:{}, {}:{}", 32 * row, 32 * row + 32,
                                32 * column, 32 * column + 32);
                        float error = SuppressTestArrays.maxAbsDiff(placed, alone.output());
                        assertTrue(error < 1e-4, "tile " + row + "," + column + " differs by " + error);
                        fractions += alone.suppressedFractions()[0];
                    }
                }
                assertEquals(fractions / 6, tiled.suppressedFractions()[0], 1e-6);
                assertThrows(IllegalArgumentException.class,
                        () -> new TiledSuppression(suppressor, 32, 4).suppress(clip.get(":, :, :, 0:40, :"), 0));
            }
        }
    }

    @Test
    void changeIsMeasuredApartInMovingAndStaticRegions() {
        // 3 frames of 2 pixels: pixel 0 still (luma 100), pixel 1 blinks 0 → 200 → 0
        Clip input = grey(new int[][] {{100, 0}, {100, 200}, {100, 0}});
        Clip output = grey(new int[][] {{20, 0}, {20, 100}, {20, 0}});
        ChangeSurvival survival = new ChangeSurvival(20);
        survival.add(input, output);
        ChangeSurvival.Result result = survival.result();
        assertEquals(0.5, result.movingShare(), 1e-12);
        assertEquals(200, result.movingChangeIn(), 1e-9); // |200 - 0| + |0 - 200| over 2 frame pairs
        assertEquals(100, result.movingChangeOut(), 1e-9);
        assertEquals(0.5, result.movingChangeKept(), 1e-9);
        assertEquals(0, result.staticChangeIn(), 1e-9);
        assertEquals(0, result.staticChangeOut(), 1e-9);
        assertEquals(100, result.staticLumaIn(), 1e-9);
        assertEquals(20, result.staticLumaOut(), 1e-9);
        assertEquals(0.2, result.staticLumaKept(), 1e-9);
        assertEquals(200 / 3.0, result.movingLumaIn(), 1e-9);
    }

    private static Clip grey(int[][] values) {
        int frames = values.length;
        int width = values[0].length;
        byte[] rgb = new byte[frames * width * 3];
        for (int t = 0; t < frames; t++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(t * width + x) * 3 + c] = (byte) values[t][x];
                }
            }
        }
        return new Clip(frames, 1, width, rgb);
    }
}
