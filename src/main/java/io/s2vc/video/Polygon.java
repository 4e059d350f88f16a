package io.s2vc.video;

import java.util.Arrays;

/**
 * A closed polygon in object coordinates: origin at the rotation centre, y pointing down as in images.
 * The arrays are not copied; polygons are built once per appearance and only read afterwards.
 */
public record Polygon(double[] xs, double[] ys) {
    public Polygon {
        if (xs.length != ys.length || xs.length < 3) {
            throw new IllegalArgumentException("a polygon needs at least 3 vertices with x and y, got "
                    + xs.length + " and " + ys.length);
        }
    }

    /** A regular polygon approximating a disc. */
    static Polygon disc(double centreX, double centreY, double radius, int vertices) {
        double[] xs = new double[vertices];
        double[] ys = new double[vertices];
        for (int i = 0; i < vertices; i++) {
            double angle = 2 * Math.PI * i / vertices;
            xs[i] = centreX + radius * Math.cos(angle);
            ys[i] = centreY + radius * Math.sin(angle);
        }
        return new Polygon(xs, ys);
    }

    /** A polygon from alternating x, y coordinates. */
    static Polygon of(double... xy) {
        double[] xs = new double[xy.length / 2];
        double[] ys = new double[xy.length / 2];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = xy[2 * i];
            ys[i] = xy[2 * i + 1];
        }
        return new Polygon(xs, ys);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polygon other && Arrays.equals(xs, other.xs) && Arrays.equals(ys, other.ys);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys);
    }

    @Override
    public String toString() {
        return "Polygon" + Arrays.toString(xs) + Arrays.toString(ys);
    }

    public int size() {
        return xs.length;
    }

    /** This polygon shifted by (-dx, -dy) and scaled by {@code factor}. */
    Polygon shiftedAndScaled(double dx, double dy, double factor) {
        double[] nx = new double[xs.length];
        double[] ny = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            nx[i] = (xs[i] - dx) * factor;
            ny[i] = (ys[i] - dy) * factor;
        }
        return new Polygon(nx, ny);
    }
}
