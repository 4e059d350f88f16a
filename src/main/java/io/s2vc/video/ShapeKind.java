package io.s2vc.video;

import java.util.SplittableRandom;

/**
 * Foreground shape kinds. None has a rotational symmetry once its marker is drawn, so that a rotation
 * is always visible and its direction unambiguous. Every shape is drawn with random proportions.
 */
public enum ShapeKind {
    /** A rectangle of random aspect with a square marker in one quadrant. */
    RECTANGLE {
        @Override
        Geometry draw(SplittableRandom random) {
            double h = random.nextDouble(0.55, 0.85);
            return new Geometry(Polygon.of(-1, -h, 1, -h, 1, h, -1, h),
                    Polygon.of(0.2, -0.8 * h, 0.2 + 0.6 * h, -0.8 * h, 0.2 + 0.6 * h, -0.2 * h, 0.2, -0.2 * h));
        }
    },
    /** A scalene triangle with a disc marker towards its apex. */
    TRIANGLE {
        @Override
        Geometry draw(SplittableRandom random) {
            double apexX = random.nextDouble(-0.3, 0.3);
            Polygon body = Polygon.of(apexX, -1, random.nextDouble(0.7, 1.1), 0.75, -random.nextDouble(0.5, 0.8), 0.75);
            double centroidX = (body.xs()[0] + body.xs()[1] + body.xs()[2]) / 3;
            double centroidY = (-1 + 0.75 + 0.75) / 3;
            return new Geometry(body, Polygon.disc(centroidX + 0.5 * (apexX - centroidX),
                    centroidY + 0.5 * (-1 - centroidY), 0.17, 10));
        }
    },
    /** A star-shaped polygon of 5–8 vertices at random radii, marker towards its farthest vertex. */
    IRREGULAR_POLYGON {
        @Override
        Geometry draw(SplittableRandom random) {
            int vertices = random.nextInt(5, 9);
            double[] xs = new double[vertices];
            double[] ys = new double[vertices];
            int farthest = 0;
            double farthestRadius = 0;
            double step = 2 * Math.PI / vertices;
            for (int i = 0; i < vertices; i++) {
                // Jittered angles keep the vertex order (and so a simple polygon).
                double angle = step * (i + random.nextDouble(-0.3, 0.3));
                double radius = random.nextDouble(0.55, 1.0);
                xs[i] = radius * Math.cos(angle);
                ys[i] = radius * Math.sin(angle);
                if (radius > farthestRadius) {
                    farthestRadius = radius;
                    farthest = i;
                }
            }
            return new Geometry(new Polygon(xs, ys), Polygon.disc(0.5 * xs[farthest], 0.5 * ys[farthest], 0.18, 10));
        }
    },
    /** An L of unequal arms, marker at the end of the long arm. */
    L_SHAPE {
        @Override
        Geometry draw(SplittableRandom random) {
            double longArm = random.nextDouble(2.0, 2.6);
            double shortArm = random.nextDouble(1.6, 2.0);
            double thickness = random.nextDouble(0.8, 1.1);
            return new Geometry(Polygon.of(0, 0, longArm, 0, longArm, thickness, thickness, thickness,
                    thickness, shortArm, 0, shortArm),
                    Polygon.disc(longArm - thickness / 2, thickness / 2, thickness * 0.3, 10));
        }
    },
    /** A cross of four unequal arms, marker at the end of the right arm. */
    CROSS {
        @Override
        Geometry draw(SplittableRandom random) {
            double t = random.nextDouble(0.3, 0.4);
            double right = random.nextDouble(1.2, 1.6);
            double left = random.nextDouble(0.7, 1.1);
            double up = random.nextDouble(0.7, 1.3);
            double down = random.nextDouble(0.9, 1.4);
            return new Geometry(Polygon.of(t, -t, t, -up, -t, -up, -t, -t, -left, -t, -left, t, -t, t, -t, down,
                    t, down, t, t, right, t, right, -t),
                    Polygon.disc(right - t, 0, t * 0.7, 10));
        }
    },
    /** An ellipse with a wedge cut out of one end, disc marker at the opposite end. */
    NOTCHED_ELLIPSE {
        @Override
        Geometry draw(SplittableRandom random) {
            double minor = random.nextDouble(0.55, 0.8);
            double notchHalfAngle = random.nextDouble(0.3, 0.5);
            int arcVertices = 28;
            double[] xs = new double[arcVertices + 1];
            double[] ys = new double[arcVertices + 1];
            for (int i = 0; i < arcVertices; i++) {
                double angle = notchHalfAngle + (2 * Math.PI - 2 * notchHalfAngle) * i / (arcVertices - 1);
                xs[i] = Math.cos(angle);
                ys[i] = minor * Math.sin(angle);
            }
            xs[arcVertices] = random.nextDouble(0.2, 0.45); // the notch's inner tip
            ys[arcVertices] = 0;
            return new Geometry(new Polygon(xs, ys), Polygon.disc(-0.55, 0, minor * 0.3, 10));
        }
    };

    /** A shape's body and marker, in construction coordinates before normalisation. */
    record Geometry(Polygon body, Polygon marker) {
    }

    abstract Geometry draw(SplittableRandom random);

    /**
     * Draws a shape centred on its bounding box with the farthest body vertex at distance 1, so that
     * a scale s and pixel radius r keep the whole shape within s·r of its centre under any rotation.
     */
    Geometry drawNormalised(SplittableRandom random) {
        Geometry raw = draw(random);
        double[] xs = raw.body().xs();
        double[] ys = raw.body().ys();
        double centreX = (min(xs) + max(xs)) / 2;
        double centreY = (min(ys) + max(ys)) / 2;
        double radius = 0;
        for (int i = 0; i < xs.length; i++) {
            radius = Math.max(radius, Math.hypot(xs[i] - centreX, ys[i] - centreY));
        }
        return new Geometry(raw.body().shiftedAndScaled(centreX, centreY, 1 / radius),
                raw.marker().shiftedAndScaled(centreX, centreY, 1 / radius));
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
