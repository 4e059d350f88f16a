package io.s2vc.suppress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The temporal std and the two ways of turning it into a static mask. */
class SelectionModeTest {
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
    void temporalStdIsBesselCorrectedAndExactlyZeroForConstantValues() {
        // (B=1, T=4, D=3): a ramp, a constant that is not a power of two, and 0/1.
        float[] values = {
            1, 0.1f, 0,
            2, 0.1f, 1,
            3, 0.1f, 0,
            4, 0.1f, 1};
        NDArray std = TemporalStd.unbiased(manager.create(values, new Shape(1, 4, 3)), 1);
        assertEquals(new Shape(1, 3), std.getShape());
        float[] result = std.toFloatArray();
        assertEquals(Math.sqrt(5.0 / 3), result[0], 1e-6, "ramp 1..4: Σ(v − 2.5)² = 5 over T − 1 = 3");
        assertEquals(0f, result[1], "a constant has std exactly 0");
        assertEquals(Math.sqrt(1.0 / 3), result[2], 1e-6);
    }

    @Test
    void thresholdModeIsAStrictComparison() {
        NDArray std = manager.create(new float[] {0.49f, 0.5f, 0.51f, 0f}, new Shape(1, 4));
        assertArrayEquals(new boolean[] {true, false, false, true},
                SelectionMode.THRESHOLD.staticMask(std, 0.5).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, false, false},
                SelectionMode.THRESHOLD.staticMask(std, 0).toBooleanArray(), "α = 0 suppresses nothing");
    }

    @Test
    void topModeKeepsFloorAlphaDAndTheTiesOfTheKthValue() {
        // Per clip: D = 6, α = 0.5 → k = 3. Clip 0: 3rd largest is 2, shared by three latents: all kept.
        NDArray std = manager.create(new float[] {
            3, 1, 2, 2, 2, 0,
            6, 5, 4, 3, 2, 1}, new Shape(2, 6));
        assertArrayEquals(new boolean[] {
            false, true, false, false, false, true,
            false, false, false, true, true, true},
                SelectionMode.TOP.staticMask(std, 0.5).toBooleanArray());
        // k = ⌊0.55·6⌋ = 3 as well; α = 0.1 gives k = 0: everything is static.
        assertArrayEquals(SelectionMode.TOP.staticMask(std, 0.5).toBooleanArray(),
                SelectionMode.TOP.staticMask(std, 0.55).toBooleanArray());
        for (boolean isStatic : SelectionMode.TOP.staticMask(std, 0.1).toBooleanArray()) {
            assertEquals(true, isStatic);
        }
        // α = 1 keeps everything (the k-th largest is the minimum).
        for (boolean isStatic : SelectionMode.TOP.staticMask(std, 1).toBooleanArray()) {
            assertEquals(false, isStatic);
        }
    }
}
