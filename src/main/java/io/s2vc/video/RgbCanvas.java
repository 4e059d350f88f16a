package io.s2vc.video;

import java.util.Arrays;

/** One RGB frame inside a byte array (H×W×3 at an offset), with a polygon fill. */
final class RgbCanvas {
    private final byte[] rgb;
    private final int offset;
    private final int width;
    private final int height;
    private double[] crossings = new double[16];

    RgbCanvas(byte[] rgb, int offset, int width, int height) {
        this.rgb = rgb;
        this.offset = offset;
        this.width = width;
        this.height = height;
    }

    /** Copies a {@code width}×{@code height} window of a larger RGB image whose top-left corner is (left, top). */
    void copyWindow(byte[] source, int sourceWidth, int left, int top) {
        int rowBytes = width * Clip.CHANNELS;
        for (int y = 0; y < height; y++) {
            System.arraycopy(source, ((top + y) * sourceWidth + left) * Clip.CHANNELS, rgb, offset + y * rowBytes,
                    rowBytes);
        }
    }

    void set(int x, int y, int color) {
        int i = offset + (y * width + x) * Clip.CHANNELS;
        rgb[i] = (byte) Colors.red(color);
        rgb[i + 1] = (byte) Colors.green(color);
        rgb[i + 2] = (byte) Colors.blue(color);
    }

    /**
     * Fills the pixels whose centres lie inside the polygon (even-odd rule), clipped to the canvas.
     * No anti-aliasing: edges stay crisp and the fill is exactly reproducible.
     */
    void fillPolygon(double[] xs, double[] ys, int n, int color) {
        double top = Double.POSITIVE_INFINITY;
        double bottom = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            top = Math.min(top, ys[i]);
            bottom = Math.max(bottom, ys[i]);
        }
        if (crossings.length < n) {
            crossings = new double[n];
        }
        int firstRow = Math.max(0, (int) Math.ceil(top - 0.5));
        int lastRow = Math.min(height - 1, (int) Math.floor(bottom - 0.5));
        for (int y = firstRow; y <= lastRow; y++) {
            double centreY = y + 0.5;
            int count = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                // Half-open test so that a vertex exactly on the scan line is counted once.
                if ((ys[i] <= centreY) != (ys[j] <= centreY)) {
                    crossings[count++] = xs[i] + (centreY - ys[i]) * (xs[j] - xs[i]) / (ys[j] - ys[i]);
                }
            }
            Arrays.sort(crossings, 0, count);
            for (int k = 0; k + 1 < count; k += 2) {
                int from = Math.max(0, (int) Math.ceil(crossings[k] - 0.5));
                int to = Math.min(width - 1, (int) Math.floor(crossings[k + 1] - 0.5));
                for (int x = from; x <= to; x++) {
                    set(x, y, color);
                }
            }
        }
    }
}
