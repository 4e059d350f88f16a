package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;

/**
 * The flow latents of a batch of clips before (Z) and after (Z_p) static-cue suppression, from {@link
 * StaticCueSuppressor#latents}.
 *
 * @param latents Z, (B, T, D)
 * @param suppressed Z_p, (B, T, D)
 * @param suppressedFractions per clip, the share of the D latents marked static
 */
public record SuppressedLatents(NDArray latents, NDArray suppressed, float[] suppressedFractions)
        implements AutoCloseable {
    @Override
    public void close() {
        latents.close();
        suppressed.close();
    }
}
