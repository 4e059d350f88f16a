package io.s2vc.plot;

import io.s2vc.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;

/** What the charts of this package share: palette, canvas, PNG output, title, axis labels, value ticks, legend. */
final class ChartParts {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Colour-blind-safe palette (Okabe–Ito), cycled. */
    private static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)};
    static final Color GRID = new Color(225, 225, 225);
    static final int TICK_LENGTH = 5;
    static final int TARGET_TICKS = 6;
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /** How a legend entry shows its colour: a line (line charts) or a filled square (bar charts). */
    enum Swatch {
        LINE,
        BOX
    }

    private ChartParts() {
    }

    static Color color(int index) {
        return PALETTE[index % PALETTE.length];
    }

    /** A white anti-aliased canvas on which {@code draw} paints. */
    static BufferedImage canvas(int width, int height, java.util.function.Consumer<Graphics2D> draw) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(FONT);
            draw.accept(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes a PNG atomically (a reader never sees half an image). */
    static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** Width of the widest tick label of {@code ticks}. */
    static int labelWidth(AxisTicks ticks, FontMetrics metrics) {
        int widest = 0;
        for (double value : ticks.values()) {
            widest = Math.max(widest, metrics.stringWidth(ticks.label(value)));
        }
        return widest;
    }

    /** Horizontal grid lines, tick marks and labels of the value axis on the left edge. */
    static void valueTicks(Graphics2D g, int left, int right, AxisTicks ticks, DoubleUnaryOperator py,
            FontMetrics metrics) {
        g.setStroke(new BasicStroke(1f));
        for (double value : ticks.values()) {
            int y = (int) Math.round(py.applyAsDouble(value));
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(left - TICK_LENGTH, y, left, y);
            String label = ticks.label(value);
            g.drawString(label, left - TICK_LENGTH - 3 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
        }
    }

    /** A bold title centred at the top. */
    static void title(Graphics2D g, String title, int width) {
        if (title.isEmpty()) {
            return;
        }
        Font plain = g.getFont();
        g.setColor(Color.BLACK);
        g.setFont(plain.deriveFont(Font.BOLD, 14f));
        FontMetrics bold = g.getFontMetrics();
        g.drawString(title, (width - bold.stringWidth(title)) / 2, 12 + bold.getAscent());
        g.setFont(plain);
    }

    /** The value axis label, rotated, centred on [top, bottom] at the left edge. */
    static void verticalLabel(Graphics2D g, String label, int top, int bottom, FontMetrics metrics) {
        if (label.isEmpty()) {
            return;
        }
        g.setColor(Color.BLACK);
        AffineTransform saved = g.getTransform();
        int center = (top + bottom) / 2;
        g.translate(12 + metrics.getAscent(), center + metrics.stringWidth(label) / 2);
        g.rotate(-Math.PI / 2);
        g.drawString(label, 0, 0);
        g.setTransform(saved);
    }

    /** A legend box in the top right corner of the data area. */
    static void legend(Graphics2D g, List<String> names, int right, int top, FontMetrics metrics, Swatch swatch) {
        int line = metrics.getHeight();
        int textWidth = 0;
        for (String name : names) {
            textWidth = Math.max(textWidth, metrics.stringWidth(name));
        }
        int boxWidth = 8 + 24 + 6 + textWidth + 8;
        int boxHeight = 6 + line * names.size() + 2;
        int x = right - boxWidth - 8;
        int y = top + 8;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(x, y, boxWidth, boxHeight);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, boxWidth, boxHeight);
        for (int s = 0; s < names.size(); s++) {
            int baseline = y + 4 + line * s + metrics.getAscent();
            int middle = baseline - metrics.getAscent() / 2 + 1;
            g.setColor(color(s));
            if (swatch == Swatch.LINE) {
                g.setStroke(new BasicStroke(2f));
                g.drawLine(x + 8, middle, x + 32, middle);
            } else {
                g.fillRect(x + 14, middle - 6, 12, 12);
            }
            g.setColor(Color.BLACK);
            g.drawString(names.get(s), x + 38, baseline);
        }
    }
}
