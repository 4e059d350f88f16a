package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * How the static latents of a clip are chosen from their temporal standard deviations (the official
 * code's {@code aug_type}, reference §2.4). Both give one boolean mask per clip, shared by its frames.
 */
public enum SelectionMode {
    /**
     * {@code aug_type 1}, Eq. 4 of the paper: a latent is static when its std is strictly below α
     * (the latent prior has unit std; the paper's default α = 0.5). The number suppressed varies per clip.
     */
    THRESHOLD {
        @Override
        NDArray staticMask(NDArray std, double alpha) {
            return std.lt(alpha);
        }
    },
    /**
     * {@code aug_type 2}: α is a fraction. Keep the ⌊α·D⌋ latents with the largest std of each clip and
     * suppress the others; a latent tied with the k-th largest value is kept, so a few more than ⌊α·D⌋
     * can survive (only std strictly below the k-th value is static). ⌊α·D⌋ = 0 suppresses everything.
     */
    TOP {
        @Override
        NDArray staticMask(NDArray std, double alpha) {
            int kept = (int) Math.floor(alpha * std.getShape().get(1));
            if (kept == 0) {
                return std.onesLike().toType(DataType.BOOLEAN, false);
            }
            NDArray kthLargest = std.topK(kept, 1, true, false).get(0).min(new int[] {1}, true);
            return std.lt(kthLargest);
        }
    };

    /** Static mask (B, D) boolean, true = suppress, from the per-clip std (B, D). */
    abstract NDArray staticMask(NDArray std, double alpha);
}
