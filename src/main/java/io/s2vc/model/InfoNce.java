package io.s2vc.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * MoCo's InfoNCE loss (paper Eq. 6, official §4.2): logits [q·k, q·queue] / τ of shape (B, 1 + K)
 * and the cross-entropy with target 0, averaged over the batch. Differentiable in the queries.
 */
public final class InfoNce {
    /** Subtracted from an excluded negative's cosine (in [−1, 1]): exp(−10⁴/τ) is 0 in float32 for any τ ≤ 100. */
    static final float EXCLUDED_PENALTY = 1e4f;

    private InfoNce() {
    }

    /** Logits (B, 1 + K) and the mean loss (a scalar). */
    public record Result(NDArray logits, NDArray loss) {

        /** Fraction of samples whose positive has the largest logit (MoCo's "acc@1"); reads the logits to Java. */
        public float accuracy() {
            long[] best = logits.argMax(1).toLongArray();
            int hits = 0;
            for (long index : best) {
                hits += index == 0 ? 1 : 0;
            }
            return (float) hits / best.length;
        }
    }

    /**
     * @param queries (B, dim), L2-normalised
     * @param keys (B, dim), L2-normalised, the positives
     * @param queue (dim, K), the negatives
     * @param temperature τ (official 0.07)
     */
    public static Result compute(NDArray queries, NDArray keys, NDArray queue, double temperature) {
        return compute(queries, keys, queue, temperature, null);
    }

    /**
     * As {@link #compute(NDArray, NDArray, NDArray, double)}, with some negatives left out: where
     * {@code excluded} (B, K) is 1 the queued key is no negative of that query (its logit is pushed to about
     * −10⁴/τ, so its softmax weight and gradient are exactly 0).
     *
     * @param excluded (B, K) of 0 and 1, or {@code null} for none
     */
    public static Result compute(NDArray queries, NDArray keys, NDArray queue, double temperature, NDArray excluded) {
        Shape q = queries.getShape();
        if (q.dimension() != 2 || !keys.getShape().equals(q) || queue.getShape().dimension() != 2
                || queue.getShape().get(0) != q.get(1)) {
            throw new IllegalArgumentException("queries and keys must be (B, dim) and the queue (dim, K), got "
                    + q + ", " + keys.getShape() + ", " + queue.getShape());
        }
        NDArray positive = queries.mul(keys).sum(new int[] {1}, true);
        NDArray negative = queries.matMul(queue);
        if (excluded != null) {
            negative = negative.sub(excluded.mul(EXCLUDED_PENALTY));
        }
        // The official code divides the logits in place by the Python float T.
        NDArray logits = positive.concat(negative, 1).div((float) temperature);
        NDArray loss = logits.logSoftmax(1).get(new NDIndex(":, 0")).mean().neg();
        return new Result(logits, loss);
    }
}
