package io.s2vc.suppress;

import java.util.List;

/**
 * The intra-class similarity of the paper's Fig. 4: the mean cosine similarity over all pairs of samples
 * of one class. Static cues shared by a class (scene, objects) make it high; suppressing them lowers it.
 */
public final class IntraClassSimilarity {
    private IntraClassSimilarity() {
    }

    /**
     * Mean of cos(v_i, v_j) over the pairs i &lt; j; NaN with fewer than two vectors. A pair with a zero
     * vector (e.g. every latent suppressed) counts as 0: nothing is shared.
     */
    public static double meanPairwiseCosine(List<float[]> vectors) {
        int n = vectors.size();
        if (n < 2) {
            return Double.NaN;
        }
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = Math.sqrt(dot(vectors.get(i), vectors.get(i)));
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double denominator = norms[i] * norms[j];
                sum += denominator > 0 ? dot(vectors.get(i), vectors.get(j)) / denominator : 0;
                pairs++;
            }
        }
        return sum / pairs;
    }

    /**
     * The paper's frame-by-frame variant: the mean over frame positions t (up to the shortest sample) of
     * {@link #meanPairwiseCosine} of the samples' frame-t vectors; NaN with fewer than two samples.
     *
     * @param samples per sample, one vector per frame
     */
    public static double meanPairwiseFrameCosine(List<float[][]> samples) {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        int frames = samples.stream().mapToInt(sample -> sample.length).min().orElseThrow();
        double sum = 0;
        for (int t = 0; t < frames; t++) {
            int frame = t;
            sum += meanPairwiseCosine(samples.stream().map(sample -> sample[frame]).toList());
        }
        return sum / frames;
    }

    private static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " values");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
