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

    /**
     * Masked negatives: the loss and its gradient in the queries against a float64 computation that drops the
     * masked columns outright (softmax over the rest; dL/dq_b = (Σ_j p_bj c_j − k_b) / (τ B)).
     */
    @Test
    void maskedNegativesAreLeftOutOfTheLossAndItsGradient() {
        int batch = 3;
        int dim = 4;
        int queued = 5;
        double t = 0.07;
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        double[][] q = unitRows(random, batch, dim);
        double[][] k = unitRows(random, batch, dim);
        double[][] columns = unitRows(random, queued, dim); // queue column j = columns[j]
        float[][] mask = {{0, 1, 0, 0, 1}, {0, 0, 0, 0, 0}, {1, 1, 1, 1, 0}};
        double expectedLoss = 0;
        double[][] expectedGradient = new double[batch][dim];
        for (int b = 0; b < batch; b++) {
            java.util.List<double[]> candidates = new java.util.ArrayList<>(java.util.List.of(k[b]));
            for (int j = 0; j < queued; j++) {
                if (mask[b][j] == 0) {
                    candidates.add(columns[j]);
                }
            }
            double[] query = q[b];
            double[] logits = candidates.stream().mapToDouble(c -> dot(query, c) / t).toArray();
            double max = java.util.Arrays.stream(logits).max().orElseThrow();
            double sum = java.util.Arrays.stream(logits).map(l -> Math.exp(l - max)).sum();
            expectedLoss += (Math.log(sum) + max - logits[0]) / batch;
            for (int c = 0; c < candidates.size(); c++) {
                double p = Math.exp(logits[c] - max) / sum;
                for (int d = 0; d < dim; d++) {
                    expectedGradient[b][d] += (p - (c == 0 ? 1 : 0)) * candidates.get(c)[d] / (t * batch);
                }
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray queries = manager.create(flat(q), new Shape(batch, dim));
            queries.setRequiresGradient(true);
            float[] flatMask = new float[batch * queued];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(mask[b], 0, flatMask, b * queued, queued);
            }
            InfoNce.Result result;
            try (io.s2vc.nd.Autograd.Scope recording = io.s2vc.nd.Autograd.record()) {
                result = InfoNce.compute(queries, manager.create(flat(k), new Shape(batch, dim)),
                        manager.create(flat(columns), new Shape(queued, dim)).transpose(), t,
                        manager.create(flatMask, new Shape(batch, queued)));
                io.s2vc.nd.Autograd.backward(result.loss());
            }
            assertEquals(expectedLoss, result.loss().getFloat(), 1e-5 * Math.max(1, expectedLoss));
            float[] gradient = queries.getGradient().toFloatArray();
            double largest = java.util.Arrays.stream(expectedGradient).flatMapToDouble(java.util.Arrays::stream)
                    .map(Math::abs).max().orElseThrow();
            for (int i = 0; i < gradient.length; i++) {
                assertEquals(expectedGradient[i / dim][i % dim], gradient[i], 1e-4 * largest, "dL/dq at " + i);
            }
        }
    }

    private static double[][] unitRows(java.util.SplittableRandom random, int rows, int dim) {
        double[][] values = new double[rows][dim];
        for (double[] row : values) {
            for (int d = 0; d < dim; d++) {
                row[d] = random.nextGaussian();
            }
            double norm = Math.sqrt(dot(row, row));
            for (int d = 0; d < dim; d++) {
                row[d] /= norm;
            }
        }
        return values;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static float[] flat(double[][] values) {
        float[] out = new float[values.length * values[0].length];
        for (int r = 0; r < values.length; r++) {
            for (int c = 0; c < values[r].length; c++) {
                out[r * values[r].length + c] = (float) values[r][c];
            }
        }
        return out;
    }
}
