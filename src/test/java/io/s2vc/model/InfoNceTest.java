package io.s2vc.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** InfoNCE against a hand computation. */
class InfoNceTest {

    @Test
    void matchesAHandComputedExample() {
        double[][] q = {{1, 0}, {0.6, 0.8}};
        double[][] k = {{0.8, 0.6}, {0, 1}};
        double[][] queue = {{1, 0, -1}, {0, 1, 0}}; // (dim 2, K 3): columns (1,0), (0,1), (−1,0)
        double t = 0.5;
        double expectedLoss = 0;
        double[][] expectedLogits = new double[2][4];
        for (int i = 0; i < 2; i++) {
            expectedLogits[i][0] = (q[i][0] * k[i][0] + q[i][1] * k[i][1]) / t;
            for (int j = 0; j < 3; j++) {
                expectedLogits[i][1 + j] = (q[i][0] * queue[0][j] + q[i][1] * queue[1][j]) / t;
            }
            double sumExp = 0;
            for (double logit : expectedLogits[i]) {
                sumExp += Math.exp(logit);
            }
            expectedLoss += (Math.log(sumExp) - expectedLogits[i][0]) / 2;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            InfoNce.Result result = InfoNce.compute(
                    manager.create(new float[] {1, 0, 0.6f, 0.8f}, new Shape(2, 2)),
                    manager.create(new float[] {0.8f, 0.6f, 0, 1}, new Shape(2, 2)),
                    manager.create(new float[] {1, 0, -1, 0, 1, 0}, new Shape(2, 3)),
                    t);
            assertEquals(new Shape(2, 4), result.logits().getShape());
            float[] logits = result.logits().toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(expectedLogits[i][j], logits[4 * i + j], 1e-6);
                }
            }
            assertEquals(expectedLoss, result.loss().getFloat(), 1e-6);
            // Sample 0: positive 1.6 < negative 2.0 (column 0); sample 1: positive 1.6 = negative 1.6 (ties go to index 0).
            assertArrayEquals(new long[] {1, 0}, result.logits().argMax(1).toLongArray());
            assertEquals(0.5f, result.accuracy());
        }
    }
}
