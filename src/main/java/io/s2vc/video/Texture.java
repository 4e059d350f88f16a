package io.s2vc.video;

/** A static background: a colour for every point of the plane, in frame pixel coordinates. */
@FunctionalInterface
interface Texture {
    /** Packed 0xRRGGBB at pixel centre (x, y); defined beyond the frame for camera jitter. */
    int rgbAt(double x, double y);
}
