package io.s2vc.eval;

import io.s2vc.video.Clip;

/**
 * A hand-made motion descriptor of a clip, with no learning: between each pair of consecutive frames, the
 * affine motion field of the moving region is fitted by least squares to the brightness-constancy
 * equation {@code Ix·u + Iy·v + It = 0} (Lucas–Kanade with an affine model), with
 * {@code u = a1 + a2·x + a3·y} and {@code v = a4 + a5·x + a6·y} in coordinates centred on the region.
 * Four readings of that field are taken, translation (a1, a4), divergence (a2 + a6: growing or shrinking)
 * and curl (a5 − a3: rotation, positive clockwise on screen, y pointing down); the descriptor is their mean over the clip (direction) and
 * their mean magnitude (how much of each kind of motion, even when it goes back and forth).
 *
 * <p>The moving region is where the frame difference exceeds {@link #CHANGE_THRESHOLD}: a still background
 * contributes nothing, whatever its texture, so the descriptor sees motion only (with camera shake the whole
 * textured frame moves and the fit mixes the camera's motion with the object's). Frames are smoothed by a
 * 3×3 binomial filter first, which widens the range of displacements the linearisation follows.
 */
public final class MotionFeatures {
    /** Readings of a frame pair: translation x, translation y, divergence, curl. */
    static final int READINGS = 4;
    /** Length of a descriptor: the mean of each reading, then the mean of its magnitude. */
    public static final int SIZE = 2 * READINGS;
    /** Smallest change of grey level (0..1) between frames that marks a pixel as moving: ~10 of 255 levels. */
    static final double CHANGE_THRESHOLD = 0.04;
    /** Fewer moving pixels than this in a frame pair give no reading (nothing moved). */
    static final int MIN_MOVING_PIXELS = 12;

    private MotionFeatures() {
    }

    /** The descriptor of {@code clip}: zeros when nothing moved. */
    public static float[] of(Clip clip) {
        double[] sum = new double[SIZE];
        int readings = 0;
        double[][] previous = smoothedGrey(clip, 0);
        for (int t = 1; t < clip.frames(); t++) {
            double[][] next = smoothedGrey(clip, t);
            double[] reading = affineReading(previous, next);
            if (reading != null) {
                for (int i = 0; i < READINGS; i++) {
                    sum[i] += reading[i];
                    sum[READINGS + i] += Math.abs(reading[i]);
                }
                readings++;
            }
            previous = next;
        }
        float[] out = new float[SIZE];
        for (int i = 0; i < SIZE && readings > 0; i++) {
            out[i] = (float) (sum[i] / readings);
        }
        return out;
    }

    /** Translation, divergence and curl between two frames, or null when too little moved. */
    static double[] affineReading(double[][] a, double[][] b) {
        int h = a.length;
        int w = a[0].length;
        double cx = 0;
        double cy = 0;
        int moving = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                if (Math.abs(b[y][x] - a[y][x]) > CHANGE_THRESHOLD) {
                    cx += x;
                    cy += y;
                    moving++;
                }
            }
        }
        if (moving < MIN_MOVING_PIXELS) {
            return null;
        }
        cx /= moving;
        cy /= moving;
        // coordinates in units of the region's RMS radius: every reading is then a speed in pixels per frame
        double spread = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                if (Math.abs(b[y][x] - a[y][x]) > CHANGE_THRESHOLD) {
                    spread += (x - cx) * (x - cx) + (y - cy) * (y - cy);
                }
            }
        }
        double radius = Math.sqrt(spread / moving) + 1e-9;
        double[][] normal = new double[6][6];
        double[] rhs = new double[6];
        double[] row = new double[6];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double it = b[y][x] - a[y][x];
                if (Math.abs(it) <= CHANGE_THRESHOLD) {
                    continue;
                }
                double ix = (a[y][x + 1] - a[y][x - 1] + b[y][x + 1] - b[y][x - 1]) / 4;
                double iy = (a[y + 1][x] - a[y - 1][x] + b[y + 1][x] - b[y - 1][x]) / 4;
                double px = (x - cx) / radius;
                double py = (y - cy) / radius;
                row[0] = ix;
                row[1] = ix * px;
                row[2] = ix * py;
                row[3] = iy;
                row[4] = iy * px;
                row[5] = iy * py;
                for (int i = 0; i < 6; i++) {
                    rhs[i] -= row[i] * it;
                    for (int j = 0; j < 6; j++) {
                        normal[i][j] += row[i] * row[j];
                    }
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < 6; i++) {
            trace += normal[i][i];
        }
        for (int i = 0; i < 6; i++) {
            normal[i][i] += 1e-6 * trace + 1e-12; // keeps an edge-only region (aperture problem) solvable
        }
        double[] p = solve(normal, rhs);
        // u = p0 + p1·x + p2·y, v = p3 + p4·x + p5·y
        return new double[] {p[0], p[3], p[1] + p[5], p[4] - p[2]};
    }

    /** Frame t as grey levels in [0, 1], smoothed by a 3×3 binomial filter (edges clamped). */
    static double[][] smoothedGrey(Clip clip, int t) {
        int h = clip.height();
        int w = clip.width();
        double[][] grey = new double[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                grey[y][x] = (clip.get(t, y, x, 0) + clip.get(t, y, x, 1) + clip.get(t, y, x, 2)) / (3 * 255.0);
            }
        }
        double[][] rows = new double[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rows[y][x] = (grey[y][Math.max(0, x - 1)] + 2 * grey[y][x] + grey[y][Math.min(w - 1, x + 1)]) / 4;
            }
        }
        double[][] out = new double[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y][x] = (rows[Math.max(0, y - 1)][x] + 2 * rows[y][x] + rows[Math.min(h - 1, y + 1)][x]) / 4;
            }
        }
        return out;
    }

    /** Solves the symmetric positive-definite system by Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] matrix, double[] vector) {
        int n = vector.length;
        double[][] m = new double[n][];
        double[] v = vector.clone();
        for (int i = 0; i < n; i++) {
            m[i] = matrix[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            double sv = v[col];
            v[col] = v[pivot];
            v[pivot] = sv;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c < n; c++) {
                    m[r][c] -= f * m[col][c];
                }
                v[r] -= f * v[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = v[r];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
