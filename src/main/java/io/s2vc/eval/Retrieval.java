package io.s2vc.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nearest-neighbour video retrieval as the official protocol (§5.2): test videos query the train
 * gallery; each set is centred by its own mean feature, L2-normalised, and compared by cosine
 * similarity; a query scores at R@k when any of its k most similar gallery videos has its class.
 * Ties in similarity are broken by gallery order, so results are deterministic.
 */
public final class Retrieval {
    public static final int[] KS = {1, 5, 10, 20, 50};

    private Retrieval() {
    }

    /** R@k for k in {@link #KS} (k larger than the gallery counts the whole gallery), as fractions. */
    public static Map<Integer, Double> recallAtK(float[][] gallery, int[] galleryLabels, float[][] queries,
            int[] queryLabels) {
        if (gallery.length == 0 || queries.length == 0) {
            throw new IllegalArgumentException("retrieval needs a gallery and queries");
        }
        float[][] g = centredUnit(gallery);
        float[][] q = centredUnit(queries);
        long[] hits = new long[KS.length];
        Integer[] order = new Integer[g.length];
        double[] similarity = new double[g.length];
        for (int i = 0; i < q.length; i++) {
            for (int j = 0; j < g.length; j++) {
                similarity[j] = dot(q[i], g[j]);
                order[j] = j;
            }
            // Descending similarity; the stable sort keeps gallery order among ties.
            Arrays.sort(order, (a, b) -> Double.compare(similarity[b], similarity[a]));
            int firstHit = Integer.MAX_VALUE;
            for (int rank = 0; rank < order.length; rank++) {
                if (galleryLabels[order[rank]] == queryLabels[i]) {
                    firstHit = rank;
                    break;
                }
            }
            for (int k = 0; k < KS.length; k++) {
                if (firstHit < KS[k]) {
                    hits[k]++;
                }
            }
        }
        Map<Integer, Double> recall = new LinkedHashMap<>();
        for (int k = 0; k < KS.length; k++) {
            recall.put(KS[k], (double) hits[k] / q.length);
        }
        return recall;
    }

    /** Rows minus their mean row, then each scaled to unit length (a zero row stays zero). */
    static float[][] centredUnit(float[][] rows) {
        int dim = rows[0].length;
        double[] mean = new double[dim];
        for (float[] row : rows) {
            for (int d = 0; d < dim; d++) {
                mean[d] += row[d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= rows.length;
        }
        float[][] out = new float[rows.length][dim];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                double v = rows[i][d] - mean[d];
                out[i][d] = (float) v;
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            if (norm > 0) {
                for (int d = 0; d < dim; d++) {
                    out[i][d] /= (float) norm;
                }
            }
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += (double) a[d] * b[d];
        }
        return s;
    }
}
