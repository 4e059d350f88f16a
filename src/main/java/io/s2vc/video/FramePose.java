package io.s2vc.video;

/**
 * Where the object is in one frame, in frame pixel coordinates (x right, y down), camera shake included.
 *
 * @param cx      object centre x
 * @param cy      object centre y
 * @param scale   size relative to the appearance's size (1 = its radius)
 * @param angle   rotation in radians, positive = clockwise on screen
 * @param cameraDx horizontal shift of the whole scene by camera jitter, already included in cx
 * @param cameraDy vertical shift of the whole scene by camera jitter, already included in cy
 */
public record FramePose(double cx, double cy, double scale, double angle, int cameraDx, int cameraDy) {

    /** This pose seen by a camera shifted so that the scene moves by (dx, dy). */
    FramePose withCameraShift(int dx, int dy) {
        return new FramePose(cx + dx, cy + dy, scale, angle, dx, dy);
    }
}
