package io.s2vc.eval;

/**
 * Frozen features of the videos of one half of a split, one row per video, with their labels.
 *
 * @param natural the clip features averaged per video
 * @param shuffled the same for frame-shuffled clips (Fig. 1's temporal-order task), or null
 * @param backgrounds background family per video (-1 when unknown)
 */
public record VideoFeatures(float[][] natural, float[][] shuffled, int[] labels, int[] backgrounds) {
}
