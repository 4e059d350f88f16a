package io.s2vc.flow.pretrain;

import java.nio.file.Path;

/** Progress of a pre-training run, for a progress bar or a log. Every method defaults to nothing. */
public interface PretrainListener {

    /** The run is about to take its first step: {@code step} steps are done already (resumed) of {@code totalSteps}. */
    default void started(long step, long totalSteps, boolean resumed) {
    }

    /**
     * A step is done.
     *
     * @param loss the reference objective ½‖z‖² − log|det J|, nats per frame, on this batch
     * @param bitsPerDim the batch's NLL in bits per dimension
     */
    default void stepped(long step, double loss, double bitsPerDim, double learningRate) {
    }

    /** The held-out set was scored. */
    default void evaluated(HistoryPoint point) {
    }

    /** A checkpoint is complete in {@code folder}. */
    default void checkpointed(long step, Path folder) {
    }
}
