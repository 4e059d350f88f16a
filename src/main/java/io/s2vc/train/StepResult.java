package io.s2vc.train;

import io.s2vc.model.QueueStats;

/**
 * What one training step did.
 *
 * @param step global steps taken, this one included
 * @param loss InfoNCE loss of the batch (before the update)
 * @param learningRate the rate this step used
 * @param accuracy fraction of queries whose positive key had the largest logit
 * @param sameVideoNegatives (query, queued key) pairs from the same video among this step's negatives:
 *     false negatives, counted over samples that came with a video id
 * @param queue the queue after this step's keys were enqueued
 * @param skipped true when a gradient was not finite: nothing changed (no update, no enqueue, the step
 *     count stays), see {@link io.s2vc.nd.GradientGuard}
 */
public record StepResult(long step, float loss, double learningRate, float accuracy, long sameVideoNegatives,
        QueueStats queue, boolean skipped) {
}
