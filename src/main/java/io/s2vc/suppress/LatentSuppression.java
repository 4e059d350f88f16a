package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What happens to the static latents of a clip (the paper's ablation, Table 4). Latents outside the
 * mask are returned unchanged.
 */
interface LatentSuppression {
    /**
     * @param latents (B, T, D) latents of B clips of T frames
     * @param staticMask (B, D) boolean, true where a latent is static; one mask per clip, for all its frames
     * @param clipRandoms one generator per clip, the only source of randomness (same seeds, same output)
     * @return (B, T, D) latents with the static ones replaced, in the manager of {@code latents}
     */
    NDArray apply(NDArray latents, NDArray staticMask, List<? extends RandomGenerator> clipRandoms);
}
