package io.s2vc.eval;

import java.util.Map;

/**
 * The evaluation of one model checkpoint.
 *
 * @param runId the training run
 * @param step the checkpoint's step
 * @param checkpoint where the checkpoint was read
 * @param loss the training loss recorded with the checkpoint, or null
 * @param pairsSeen positive pairs the model had trained on
 * @param backbone the backbone
 * @param dataset the data set evaluated on
 * @param metrics named results: retrieval.R@1 … retrieval.R@50, linear.top1, linear.top5, temporal_order.accuracy,
 *     static_bias.* (fractions in [0, 1]), and features.clips_per_s
 *     (each R@k with its 95 % bootstrap bounds {@code .ci_low}, {@code .ci_high})
 * @param timeMs when it ended
 * @param retrievalRanks for each test query, the 0-based rank of its first same-class gallery video (what
 *     R@k, its interval and paired comparisons are computed from); null in evaluations recorded before it
 */
public record Evaluation(String runId, long step, String checkpoint, Double loss, long pairsSeen, String backbone,
        String dataset, Map<String, Double> metrics, long timeMs, int[] retrievalRanks) {
}
