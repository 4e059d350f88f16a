package io.s2vc.video;

import java.util.List;
import java.util.SplittableRandom;

/** Draws a planned synthetic video: a static textured background and one moving object. */
final class SceneRenderer {
    /** Outline around the object, as a fraction of the shorter frame side (about 2 pixels at 160×120). */
    private static final double OUTLINE_FRACTION = 0.015;

    private final int width;
    private final int height;
    private final int jitter;

    SceneRenderer(SyntheticSpec spec) {
        this.width = spec.width();
        this.height = spec.height();
        this.jitter = spec.cameraJitter();
    }

    Clip render(SyntheticVideo video) {
        List<FramePose> trajectory = video.trajectory();
        Clip clip = Clip.zeros(trajectory.size(), height, width);
        int paddedWidth = width + 2 * jitter;
        byte[] background = background(video, paddedWidth, height + 2 * jitter);
        Appearance appearance = video.appearance();
        double radius = appearance.radiusPixels(width, height);
        double outline = OUTLINE_FRACTION * Math.min(width, height);
        ObjectPainter painter = new ObjectPainter(appearance.body().size() + appearance.marker().size());
        for (int t = 0; t < trajectory.size(); t++) {
            FramePose pose = trajectory.get(t);
            RgbCanvas canvas = new RgbCanvas(clip.rgb(), t * clip.frameBytes(), width, height);
            // The scene moves by the camera shift, so the window into the padded background moves against it.
            canvas.copyWindow(background, paddedWidth, jitter - pose.cameraDx(), jitter - pose.cameraDy());
            double size = radius * pose.scale();
            painter.fill(canvas, appearance.body(), pose, size + outline, appearance.outlineRgb());
            painter.fill(canvas, appearance.body(), pose, size, appearance.bodyRgb());
            painter.fill(canvas, appearance.marker(), pose, size, appearance.markerRgb());
        }
        return clip;
    }

    /** The texture rasterised once over the frame plus the jitter margin on every side. */
    private byte[] background(SyntheticVideo video, int paddedWidth, int paddedHeight) {
        Texture texture = video.background().create(new SplittableRandom(video.backgroundSeed()), width, height);
        byte[] pixels = new byte[paddedWidth * paddedHeight * Clip.CHANNELS];
        RgbCanvas canvas = new RgbCanvas(pixels, 0, paddedWidth, paddedHeight);
        for (int y = 0; y < paddedHeight; y++) {
            for (int x = 0; x < paddedWidth; x++) {
                canvas.set(x, y, texture.rgbAt(x - jitter + 0.5, y - jitter + 0.5));
            }
        }
        return pixels;
    }

    /** Places a polygon given in object coordinates at a pose, reusing its vertex buffers. */
    private static final class ObjectPainter {
        private final double[] xs;
        private final double[] ys;

        ObjectPainter(int capacity) {
            xs = new double[capacity];
            ys = new double[capacity];
        }

        void fill(RgbCanvas canvas, Polygon polygon, FramePose pose, double size, int color) {
            double cos = Math.cos(pose.angle()) * size;
            double sin = Math.sin(pose.angle()) * size;
            for (int i = 0; i < polygon.size(); i++) {
                // With y pointing down, this rotation by a positive angle turns clockwise on screen.
                double x = polygon.xs()[i];
                double y = polygon.ys()[i];
                xs[i] = pose.cx() + x * cos - y * sin;
                ys[i] = pose.cy() + x * sin + y * cos;
            }
            canvas.fillPolygon(xs, ys, polygon.size(), color);
        }
    }
}
