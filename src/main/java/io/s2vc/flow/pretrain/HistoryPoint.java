package io.s2vc.flow.pretrain;

/**
 * One point of the training curve, recorded at every held-out evaluation.
 *
 * @param step steps done
 * @param learningRate the rate of the last step
 * @param trainLoss mean of the reference objective ½‖z‖² − log|det J| (nats per frame) over the steps since
 *     the previous point, {@code null} before the first step
 * @param trainBitsPerDim the same as bits per dimension (on noisy, flipped training frames)
 * @param heldOutBitsPerDim NLL of the fixed held-out frames in bits per dimension
 * @param seconds training time so far, resumed runs included
 */
public record HistoryPoint(
        long step, double learningRate, Double trainLoss, Double trainBitsPerDim, double heldOutBitsPerDim,
        double seconds) {
}
