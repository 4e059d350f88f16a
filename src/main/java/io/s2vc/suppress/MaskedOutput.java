package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;

/**
 * What either suppression path produces inside a call: the suppressed clips (B, C, T, H, W) and the
 * static mask (B, units) it applied, units being flow latents or (for TFD) pixel values.
 */
record MaskedOutput(NDArray clips, NDArray staticMask) {
}
