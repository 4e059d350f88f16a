package io.s2vc.experiment;

import io.s2vc.config.Catalogue;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionStrategy;
import io.s2vc.video.Clip;
import java.util.Arrays;
import java.util.Locale;

/**
 * One way of making the key view that the experiment compares: the plain key view (MoCo), a latent
 * strategy of S²VC at a threshold α, the pixel-space TFD baseline, or the scene-only baseline (MoCo on
 * static clips, the paper's Fig. 6 idea: what an encoder learns from the scene alone).
 *
 * @param strategy null for the plain key view and the scene-only baseline
 * @param alpha the threshold of a latent strategy (NaN otherwise)
 * @param stillClips whether both views are one frame repeated (the scene-only baseline)
 */
public record Method(String id, SuppressionStrategy strategy, double alpha, boolean stillClips) {
    /** The configuration's name of the plain key view (suppress.strategy=none). */
    public static final String PLAIN = Catalogue.NO_SUPPRESSION;
    /** The id of MoCo with the plain key view, the baseline every method is compared with. */
    public static final String MOCO_ID = "moco";
    /** The configuration's name of the scene-only baseline. */
    public static final String SCENE_ONLY = Catalogue.SCENE_ONLY_METHOD;

    /** @param name none, zero, noise, shuffle-clip, shuffle-frame, tfd or scene-only */
    public static Method of(String name, double alpha) {
        if (name.equals(PLAIN)) {
            return new Method(MOCO_ID, null, Double.NaN, false);
        }
        if (name.equals(SCENE_ONLY)) {
            return new Method(SCENE_ONLY, null, Double.NaN, true);
        }
        SuppressionStrategy strategy;
        try {
            strategy = SuppressionStrategy.fromId(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown method '" + name
                    + "': use none, zero, noise, shuffle-clip, shuffle-frame, tfd or scene-only");
        }
        return strategy.usesFlow() ? new Method(name + "@" + alpha, strategy, alpha, false)
                : new Method(name, strategy, Double.NaN, false);
    }

    /** The clip a view of this method trains on: the view itself, or its middle frame repeated (scene only). */
    public Clip trainedView(Clip view) {
        if (!stillClips) {
            return view;
        }
        int[] middle = new int[view.frames()];
        Arrays.fill(middle, view.frames() / 2);
        return view.reorderFrames(middle);
    }

    public boolean suppresses() {
        return strategy != null;
    }

    public boolean usesFlow() {
        return strategy != null && strategy.usesFlow();
    }

    /** The variant a shared-encoding suppressor runs for this method. */
    public StaticCueSuppressor.Variant variant() {
        return new StaticCueSuppressor.Variant(strategy, usesFlow() ? alpha : 0);
    }

    /** The row name of the paper's Table 4. */
    public String label() {
        if (stillClips) {
            return "Scene only (MoCo on static clips)";
        }
        if (strategy == null) {
            return "MoCo (plain key view)";
        }
        String a = String.format(Locale.ROOT, ", α = %s", trim(alpha));
        return switch (strategy) {
            case ZERO -> "S²VC (set to 0" + a + ")";
            case NOISE -> "S²VC (set to random noise" + a + ")";
            case SHUFFLE_CLIP -> "S²VC (shuffle - in clip" + a + ")";
            case SHUFFLE_FRAME -> "S²VC (shuffle - in frame" + a + ")";
            case TFD -> "TFD";
        };
    }

    static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
