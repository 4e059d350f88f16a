package io.s2vc.suppress;

import static io.s2vc.suppress.SuppressTestArrays.halfMovingClip;
import static io.s2vc.suppress.SuppressTestArrays.staticClips;
import static io.s2vc.suppress.SuppressTestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pixel-space TFD baseline: no flow, keep the most-varying 20 % of the values, black elsewhere. */
class FrameDifferenceBaselineTest {
    private static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    private static StaticCueSuppressor tfd() {
        return StaticCueSuppressor.builder().optStrategy(SuppressionStrategy.TFD).build();
    }

    @Test
    void keepsTheTopFifthOfValuesByTemporalStdAndZeroesTheRestInEveryFrame() {
        Shape shape = new Shape(2, 3, 6, 20, 20);
        int values = 3 * 20 * 20;
        try (StaticCueSuppressor suppressor = tfd(); NDManager call = manager.newSubManager()) {
            NDArray clips = uniform(call, 1, shape);
            SuppressionResult result = suppressor.suppress(clips);
            float expected = 1f - (float) Math.floor(0.2 * values) / values;
            assertArrayEquals(new float[] {expected, expected}, result.suppressedFractions(), 1e-6f);

            NDArray output = result.output();
            NDArray kept = inEveryFrame(output.eq(clips)); // (B, 3, H, W): the input's value in every frame
            NDArray zeroed = inEveryFrame(output.eq(0));
            assertTrue(kept.logicalOr(zeroed).all().getBoolean(), "each value is either kept or black, for the whole clip");
            assertEquals(2 * (long) Math.floor(0.2 * values), kept.countNonzero().getLong(), "20 % kept per clip");

            // The kept values of a clip are its most varying ones: their smallest std ≥ the largest zeroed one.
            NDArray std = TemporalStd.unbiased(clips, 2);
            for (int b = 0; b < 2; b++) {
                NDArray clipStd = std.get(b);
                NDArray clipKept = kept.get(b);
                float minKept = clipStd.get(clipKept).min().getFloat();
                float maxZeroed = clipStd.get(clipKept.logicalNot()).max().getFloat();
                assertTrue(minKept >= maxZeroed, "clip " + b + ": " + minKept + " >= " + maxZeroed);
            }
            assertTrue(output.min().getFloat() >= 0 && output.max().getFloat() <= 1, "no residual: the input's range");
        }
    }

    /** (B, 3, T, H, W) boolean → (B, 3, H, W): true in every frame. */
    private static NDArray inEveryFrame(NDArray condition) {
        return condition.toType(DataType.FLOAT32, false).min(new int[] {2}).eq(1);
    }

    @Test
    void valuesThatNeverChangeAreNeverKept() {
        try (StaticCueSuppressor suppressor = tfd(); NDManager call = manager.newSubManager()) {
            SuppressionResult still = suppressor.suppress(staticClips(call, 2, 1, 6, 20, 20));
            assertArrayEquals(new float[] {1f}, still.suppressedFractions());
            assertEquals(0f, still.output().abs().max().getFloat(), "a static clip becomes black");

            // Half the values move: the top 20 % are all in the moving half, nothing static survives.
            NDArray clip = halfMovingClip(call, 3, 6, 20, 20);
            NDArray output = suppressor.suppress(clip).output();
            assertEquals(0f, output.get(":, :, :, :, 0:10").abs().max().getFloat(), "the static half is black");
        }
    }

    @Test
    void theKeptShareIsConfigurable() {
        try (StaticCueSuppressor suppressor = StaticCueSuppressor.builder()
                        .optStrategy(SuppressionStrategy.TFD).optTfdKeepFraction(0.5).build();
                NDManager call = manager.newSubManager()) {
            SuppressionResult result = suppressor.suppress(uniform(call, 4, new Shape(1, 3, 4, 10, 10)));
            assertArrayEquals(new float[] {0.5f}, result.suppressedFractions(), 1e-6f);
        }
    }
}
