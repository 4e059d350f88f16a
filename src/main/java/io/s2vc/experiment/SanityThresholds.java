package io.s2vc.experiment;

/**
 * What the data set's two sanity checks require before the experiment names a winner.
 *
 * @param oracleMinR1 the motion oracle (frame differences) must reach this R@1: the classes are learnable
 *     from motion in the clips the encoders see
 * @param sceneOnlyMargin the scene-only baseline's mean R@1 may exceed chance by at most this much: the test
 *     split carries no static shortcut to the class
 */
public record SanityThresholds(double oracleMinR1, double sceneOnlyMargin) {
    /** docs/configuration.md's experiment.oracle_min_r1 and experiment.scene_only_margin. */
    static final SanityThresholds DEFAULTS = new SanityThresholds(0.6, 0.05);
}
