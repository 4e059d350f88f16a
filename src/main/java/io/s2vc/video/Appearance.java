package io.s2vc.video;

import java.util.SplittableRandom;

/**
 * What a foreground object looks like: shape, colours and size. One appearance is rendered with
 * several motions (one video each), so appearance alone cannot tell the classes apart.
 *
 * @param id             unique within a data set; the {@code g} number of the video file names
 * @param shape          the shape kind
 * @param body           the body outline, bounding radius 1 around the rotation centre
 * @param marker         a smaller polygon in a contrasting colour that breaks the body's symmetry
 * @param bodyRgb        packed 0xRRGGBB
 * @param markerRgb      packed 0xRRGGBB, far from the body in brightness
 * @param outlineRgb     black or white, whichever stands out from the body, so the object is visible
 *                       on any background
 * @param radiusFraction bounding radius at scale 1, as a fraction of the shorter frame side
 * @param pose           the angle and scale every video of this look starts from, or {@code null} when each
 *                       video draws its own
 */
public record Appearance(int id, ShapeKind shape, Polygon body, Polygon marker, int bodyRgb, int markerRgb,
        int outlineRgb, double radiusFraction, StartPose pose) {

    /** A look's fixed start: the angle (radians) and the scale of motions that do not change them. */
    public record StartPose(double angle, double scale) {
    }

    /** Bounding radius at scale 1: 11–15% of the shorter frame side (13–18 pixels at 160×120). */
    static final double MIN_RADIUS_FRACTION = 0.11;
    static final double MAX_RADIUS_FRACTION = 0.15;

    static Appearance random(int id, SplittableRandom random) {
        return random(id, random, false, 1);
    }

    /**
     * A random appearance, {@code sizeScale} times the usual size; a look of a shared pool ({@code fixedPose}) also
     * fixes its start angle and scale.
     */
    static Appearance random(int id, SplittableRandom random, boolean fixedPose, double sizeScale) {
        ShapeKind[] shapes = ShapeKind.values();
        ShapeKind shape = shapes[random.nextInt(shapes.length)];
        ShapeKind.Geometry geometry = shape.drawNormalised(random);
        int body = Colors.random(random, 0.55, 1.0, 0.55, 1.0);
        boolean brightBody = Colors.luma(body) > 110;
        int marker = brightBody
                ? Colors.random(random, 0.0, 0.8, 0.05, 0.3)
                : Colors.random(random, 0.0, 0.4, 0.85, 1.0);
        int outline = brightBody ? 0x000000 : 0xFFFFFF;
        double radius = sizeScale * random.nextDouble(MIN_RADIUS_FRACTION, MAX_RADIUS_FRACTION);
        StartPose pose = fixedPose ? new StartPose(random.nextDouble(2 * Math.PI), Motion.randomScale(random)) : null;
        return new Appearance(id, shape, geometry.body(), geometry.marker(), body, marker, outline, radius, pose);
    }

    /** Bounding radius in pixels at scale 1 for a frame of {@code width}×{@code height}. */
    public double radiusPixels(int width, int height) {
        return radiusFraction * Math.min(width, height);
    }
}
