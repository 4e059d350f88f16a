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
        return recallAtK(firstHitRanks(gallery, galleryLabels, queries, queryLabels));
    }

    /** R@k for k in {@link #KS} of queries whose first same-class neighbours are at {@code ranks}. */
    public static Map<Integer, Double> recallAtK(int[] ranks) {
        Map<Integer, Double> recall = new LinkedHashMap<>();
        for (int k : KS) {
            recall.put(k, Arrays.stream(hitsAt(ranks, k)).average().orElse(Double.NaN));
        }
        return recall;
    }

    /** 1 for each query that scores at R@k, else 0: the per-query values that R@k averages. */
    public static double[] hitsAt(int[] ranks, int k) {
        return Arrays.stream(ranks).mapToDouble(rank -> rank < k ? 1 : 0).toArray();
    }

    /**
     * For each query, the 0-based rank of the most similar gallery video of its class
     * ({@link Integer#MAX_VALUE} when the gallery has none): everything R@k, its confidence interval and a
     * paired comparison of two models on the same queries need.
     */
    public static int[] firstHitRanks(float[][] gallery, int[] galleryLabels, float[][] queries, int[] queryLabels) {
        if (gallery.length == 0 || queries.length == 0) {
            throw new IllegalArgumentException("retrieval needs a gallery and queries");
        }
        float[][] g = centredUnit(gallery);
        float[][] q = centredUnit(queries);
        int[] ranks = new int[q.length];
        Integer[] order = new Integer[g.length];
        double[] similarity = new double[g.length];
        for (int i = 0; i < q.length; i++) {
            for (int j = 0; j < g.length; j++) {
                similarity[j] = dot(q[i], g[j]);
                order[j] = j;
            }
            // Descending similarity; the stable sort keeps gallery order among ties.
            Arrays.sort(order, (a, b) -> Double.compare(similarity[b], similarity[a]));
            ranks[i] = Integer.MAX_VALUE;
            for (int rank = 0; rank < order.length; rank++) {
                if (galleryLabels[order[rank]] == queryLabels[i]) {
                    ranks[i] = rank;
                    break;
                }
            }
        }
        return ranks;
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
