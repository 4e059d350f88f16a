package io.s2vc.plot;

import io.s2vc.video.Clip;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled grid of video frames, like the paper's Fig. 3 (right) and Fig. 5: one row per version of a
 * clip (original, motion-preserved at several α, a baseline), one column per chosen frame, the row's label
 * on the left and the frame index above each column. Frames are scaled up by a whole factor (nearest
 * neighbour) to at least {@link #MIN_CELL} pixels, so small clips stay legible.
 */
public final class FrameGrid {
    public static final int MIN_CELL = 96;
    public static final int MARGIN = 8;
    public static final int GAP = 4;
    public static final int LABEL_WIDTH = 150;
    public static final int HEADER = 20;

    private final List<String> labels = new ArrayList<>();
    private final List<Clip> rows = new ArrayList<>();
    private final int[] frames;

    /** @param frames the frame indices shown, one column each */
    public FrameGrid(int[] frames) {
        if (frames.length == 0) {
            throw new IllegalArgumentException("a frame grid needs at least one column");
        }
        this.frames = frames.clone();
    }

    /** {@code count} frame indices evenly spaced over {@code total} frames, first and last included. */
    public static int[] evenlySpaced(int total, int count) {
        int n = Math.max(1, Math.min(count, total));
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = n == 1 ? 0 : (int) Math.round(i * (total - 1) / (double) (n - 1));
        }
        return indices;
    }

    /** Adds a row; every row's clip must have the same frame size and the grid's frames. */
    public FrameGrid addRow(String label, Clip clip) {
        if (!rows.isEmpty() && (clip.height() != rows.get(0).height() || clip.width() != rows.get(0).width())) {
            throw new IllegalArgumentException("rows of a frame grid need one frame size: " + rows.get(0) + " and " + clip);
        }
        for (int t : frames) {
            if (t < 0 || t >= clip.frames()) {
                throw new IllegalArgumentException("frame " + t + " is outside " + clip);
            }
        }
        labels.add(label);
        rows.add(clip);
        return this;
    }

    /** The whole factor frames of this size are scaled by. */
    public static int scale(int height, int width) {
        return Math.max(1, (int) Math.ceil(MIN_CELL / (double) Math.max(height, width)));
    }

    /** Image width for {@code columns} frames of width {@code frameWidth} scaled by {@code scale}. */
    public static int imageWidth(int columns, int frameWidth, int scale) {
        return 2 * MARGIN + LABEL_WIDTH + columns * frameWidth * scale + (columns - 1) * GAP;
    }

    /** Image height for {@code rows} rows of frames of height {@code frameHeight} scaled by {@code scale}. */
    public static int imageHeight(int rows, int frameHeight, int scale) {
        return 2 * MARGIN + HEADER + rows * frameHeight * scale + (rows - 1) * GAP;
    }

    public BufferedImage render() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("a frame grid needs at least one row");
        }
        int frameHeight = rows.get(0).height();
        int frameWidth = rows.get(0).width();
        int scale = scale(frameHeight, frameWidth);
        int cellWidth = frameWidth * scale;
        int cellHeight = frameHeight * scale;
        return ChartParts.canvas(imageWidth(frames.length, frameWidth, scale),
                imageHeight(rows.size(), frameHeight, scale), g -> {
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                    FontMetrics metrics = g.getFontMetrics();
                    g.setColor(Color.BLACK);
                    for (int c = 0; c < frames.length; c++) {
                        String header = "t = " + frames[c];
                        int x = MARGIN + LABEL_WIDTH + c * (cellWidth + GAP);
                        g.drawString(header, x + (cellWidth - metrics.stringWidth(header)) / 2,
                                MARGIN + HEADER - metrics.getDescent() - 2);
                    }
                    for (int r = 0; r < rows.size(); r++) {
                        int y = MARGIN + HEADER + r * (cellHeight + GAP);
                        drawLabel(g, labels.get(r), y, cellHeight, metrics);
                        for (int c = 0; c < frames.length; c++) {
                            int x = MARGIN + LABEL_WIDTH + c * (cellWidth + GAP);
                            g.drawImage(frameImage(rows.get(r), frames[c]), x, y, cellWidth, cellHeight, null);
                        }
                    }
                });
    }

    public void writePng(Path file) throws IOException {
        ChartParts.writePng(render(), file);
    }

    /** The label, right-aligned next to its row; a label too wide is cut with an ellipsis. */
    private static void drawLabel(Graphics2D g, String label, int y, int cellHeight, FontMetrics metrics) {
        String shown = label;
        while (metrics.stringWidth(shown) > LABEL_WIDTH - 8 && shown.length() > 1) {
            shown = shown.substring(0, shown.length() - 2) + "…";
        }
        g.setColor(Color.BLACK);
        g.drawString(shown, MARGIN + LABEL_WIDTH - 8 - metrics.stringWidth(shown),
                y + cellHeight / 2 + metrics.getAscent() / 2 - 1);
    }

    private static BufferedImage frameImage(Clip clip, int t) {
        BufferedImage image = new BufferedImage(clip.width(), clip.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = clip.rgb();
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                int o = clip.offset(t, y, x);
                image.setRGB(x, y, (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | (rgb[o + 2] & 0xFF));
            }
        }
        return image;
    }
}
