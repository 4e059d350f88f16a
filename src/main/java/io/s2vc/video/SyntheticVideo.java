package io.s2vc.video;

import java.util.List;

/**
 * The plan of one synthetic video: everything needed to render it, fixed before any pixel is drawn.
 *
 * @param index            position in the plan, which seeds the video's random streams
 * @param relativePath     {@code Class/v_Class_gNNNN_c01.ext}, under {@code UCF-101/}
 * @param split            train or test
 * @param motion           the class
 * @param label            0-based class index
 * @param appearance       the moving object
 * @param background       the background's texture family
 * @param backgroundSeed   seed of the background's own parameters within its family
 * @param trajectory       the object's pose in every frame
 */
public record SyntheticVideo(int index, String relativePath, Split split, Motion motion, int label,
        Appearance appearance, BackgroundFamily background, long backgroundSeed, List<FramePose> trajectory) {

    public String className() {
        return motion.className();
    }
}
