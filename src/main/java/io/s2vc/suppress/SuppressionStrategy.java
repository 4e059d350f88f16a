package io.s2vc.suppress;

import java.util.Locale;

/**
 * How static cues are suppressed: the paper's default and the alternatives of its ablation
 * ("Strategy for Suppressing Static Cues", Table 4). The four latent strategies change only the latents
 * the {@link SelectionMode} marks as static; {@link #TFD} is the pixel-space baseline and uses no flow.
 */
public enum SuppressionStrategy {
    /** Default (Table 4: "set to 0"): static latents become 0. */
    ZERO(new ZeroLatents()),
    /** "set to random noise": N(0, 1) drawn for the first frame, the same value kept for all frames. */
    NOISE(new FrozenNoiseLatents()),
    /** "shuffle – in clip": each static latent randomly permuted across the frames of its clip. */
    SHUFFLE_CLIP(new ShuffleInClip()),
    /** "shuffle – in frame": the static latents randomly permuted among themselves within each frame. */
    SHUFFLE_FRAME(new ShuffleInFrame()),
    /**
     * Thresholding frame difference, in pixel space without a flow: keep the most-varying pixel values
     * of each clip and set the rest to 0 (see {@link FrameDifferenceBaseline}).
     */
    TFD(null);

    private final LatentSuppression latentSuppression;

    SuppressionStrategy(LatentSuppression latentSuppression) {
        this.latentSuppression = latentSuppression;
    }

    /** The strategy's name in settings and records: zero, noise, shuffle-clip, shuffle-frame, tfd. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The strategy of {@link #id()} {@code id}. */
    public static SuppressionStrategy fromId(String id) {
        for (SuppressionStrategy strategy : values()) {
            if (strategy.id().equals(id)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown suppression strategy '" + id + "'");
    }

    /** Whether the strategy works on flow latents (all but {@link #TFD}). */
    public boolean usesFlow() {
        return latentSuppression != null;
    }

    LatentSuppression latentSuppression() {
        if (latentSuppression == null) {
            throw new IllegalStateException(this + " works on pixels, not on latents");
        }
        return latentSuppression;
    }
}
