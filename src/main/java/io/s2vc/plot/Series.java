package io.s2vc.plot;

/**
 * One named line of a {@link LinePlot}: points (x[i], y[i]) joined in order. A non-finite y leaves a
 * gap.
 */
public record Series(String name, double[] x, double[] y) {

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    int size() {
        return x.length;
    }

    boolean isFinite(int i) {
        return Double.isFinite(x[i]) && Double.isFinite(y[i]);
    }

    double xAt(int i) {
        return x[i];
    }

    double yAt(int i) {
        return y[i];
    }
}
