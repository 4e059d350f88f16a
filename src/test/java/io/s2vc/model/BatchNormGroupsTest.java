package io.s2vc.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shuffle-BN in one process: which samples share statistics, and that rows come back in the batch's order. */
class BatchNormGroupsTest {

    @Test
    void queriesShareStatisticsInBlocksAndKeysInterleaved() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = {1, 2, 4, 8, 16, 32, 64, 128};
            NDArray batch = manager.create(values, new Shape(8, 1));
            List<Long> sizes = new ArrayList<>();
            // A batch-dependent "encoder": each row minus its group's mean, as BN in training mode would.
            java.util.function.UnaryOperator<NDArray> centre = x -> {
                sizes.add(x.getShape().get(0));
                return x.sub(x.mean(new int[] {0}, true));
            };
            float[] blocks = BatchNormGroups.forward(batch, 2, false, centre).toFloatArray();
            assertArrayEquals(new float[] {1 - 3.75f, 2 - 3.75f, 4 - 3.75f, 8 - 3.75f, 16 - 60, 32 - 60, 64 - 60, 128 - 60},
                    blocks, 1e-5f);
            float[] interleaved = BatchNormGroups.forward(batch, 2, true, centre).toFloatArray();
            float even = (1 + 4 + 16 + 64) / 4f;
            float odd = (2 + 8 + 32 + 128) / 4f;
            assertArrayEquals(new float[] {1 - even, 2 - odd, 4 - even, 8 - odd, 16 - even, 32 - odd, 64 - even,
                    128 - odd}, interleaved, 1e-5f);
            assertEquals(List.of(4L, 4L, 4L, 4L), sizes);
            float[] whole = BatchNormGroups.forward(batch, 1, true, centre).toFloatArray();
            assertEquals(values[0] - 31.875f, whole[0], 1e-5f);
        }
    }

    @Test
    void groupsShrinkSoThatEveryGroupKeepsTwoSamples() {
        assertEquals(4, BatchNormGroups.usableGroups(16, 4, true));
        assertEquals(3, BatchNormGroups.usableGroups(7, 4, false)); // blocks of 2, 2 and 3
        assertEquals(1, BatchNormGroups.usableGroups(7, 4, true)); // no equal share of 7 but 1 group
        assertEquals(3, BatchNormGroups.usableGroups(6, 4, true)); // at most 6 / 2 groups, and 3 divides 6
        assertEquals(1, BatchNormGroups.usableGroups(3, 4, false));
    }
}
