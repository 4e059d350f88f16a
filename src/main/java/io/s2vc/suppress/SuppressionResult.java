package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;

/**
 * The motion-preserved clips of one call and, per clip, the share of units that were suppressed
 * (latents, or pixel values for TFD) — for the PositivePair record and a histogram metric.
 *
 * @param output (B, 3, T, H, W) float32, unclamped (see {@link StaticCueSuppressor}); owned by the manager
 *     of the input clips, closed by {@link #close()}
 * @param suppressedFractions one value in [0, 1] per clip
 */
public record SuppressionResult(NDArray output, float[] suppressedFractions) implements AutoCloseable {
    @Override
    public void close() {
        output.close();
    }
}
