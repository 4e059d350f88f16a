package io.s2vc.plot;

import io.s2vc.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A line chart drawn with Java2D, headless, written as PNG: several named series, a title, axis
 * labels, nice ticks with a light grid, and a legend. For training curves and evaluation reports.
 *
 * <pre>
 * LinePlot.builder().optTitle("flow pre-training").optXLabel("step").optYLabel("bits/dim")
 *         .addSeries("train", steps, train).addSeries("held-out", steps, heldOut)
 *         .build().writePng(Path.of("loss.png"));
 * </pre>
 */
public final class LinePlot {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Colour-blind-safe palette (Okabe–Ito), cycled. */
    private static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)};
    private static final Color GRID = new Color(225, 225, 225);
    private static final int TICK_LENGTH = 5;
    private static final int TARGET_TICKS = 6;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;
    private final int width;
    private final int height;

    private LinePlot(Builder builder) {
        this.title = builder.title;
        this.xLabel = builder.xLabel;
        this.yLabel = builder.yLabel;
        this.series = List.copyOf(builder.series);
        this.width = builder.width;
        this.height = builder.height;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Draws the chart. */
    public BufferedImage render() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            draw(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders and writes a PNG atomically (a reader never sees half an image). */
    public void writePng(Path file) throws IOException {
        BufferedImage image = render();
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private void draw(Graphics2D g) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        int line = metrics.getHeight();

        double[] xRange = range(true);
        double[] yRange = range(false);
        AxisTicks xTicks = AxisTicks.covering(xRange[0], xRange[1], TARGET_TICKS);
        AxisTicks yTicks = AxisTicks.covering(yRange[0], yRange[1], TARGET_TICKS);
        int yLabelWidth = 0;
        for (double value : yTicks.values()) {
            yLabelWidth = Math.max(yLabelWidth, metrics.stringWidth(yTicks.label(value)));
        }
        int left = 12 + (yLabel.isEmpty() ? 0 : line) + yLabelWidth + TICK_LENGTH + 4;
        int right = width - 16;
        int top = 12 + (title.isEmpty() ? 0 : line + 6);
        int bottom = height - (12 + (xLabel.isEmpty() ? 0 : line) + line + TICK_LENGTH);
        if (right - left < 20 || bottom - top < 20) {
            throw new IllegalStateException("a " + width + "x" + height + " image is too small for a plot");
        }
        Frame frame = new Frame(left, right, top, bottom, xTicks, yTicks);

        drawGridAndTicks(g, frame, metrics);
        for (int s = 0; s < series.size(); s++) {
            drawSeries(g, frame, series.get(s), PALETTE[s % PALETTE.length]);
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, right - left, bottom - top);
        drawLabels(g, frame, metrics);
        drawLegend(g, frame, metrics);
    }

    /** Where the data area lies in pixels and which values its edges stand for. */
    private record Frame(int left, int right, int top, int bottom, AxisTicks x, AxisTicks y) {
        double px(double value) {
            return left + (value - x.low()) / (x.high() - x.low()) * (right - left);
        }

        double py(double value) {
            return bottom - (value - y.low()) / (y.high() - y.low()) * (bottom - top);
        }
    }

    private void drawGridAndTicks(Graphics2D g, Frame frame, FontMetrics metrics) {
        g.setStroke(new BasicStroke(1f));
        for (double value : frame.x().values()) {
            int px = (int) Math.round(frame.px(value));
            g.setColor(GRID);
            g.drawLine(px, frame.top(), px, frame.bottom());
            g.setColor(Color.DARK_GRAY);
            g.drawLine(px, frame.bottom(), px, frame.bottom() + TICK_LENGTH);
            String label = frame.x().label(value);
            g.drawString(label, px - metrics.stringWidth(label) / 2, frame.bottom() + TICK_LENGTH + metrics.getAscent());
        }
        for (double value : frame.y().values()) {
            int py = (int) Math.round(frame.py(value));
            g.setColor(GRID);
            g.drawLine(frame.left(), py, frame.right(), py);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(frame.left() - TICK_LENGTH, py, frame.left(), py);
            String label = frame.y().label(value);
            g.drawString(label, frame.left() - TICK_LENGTH - 3 - metrics.stringWidth(label),
                    py + metrics.getAscent() / 2 - 1);
        }
    }

    private static void drawSeries(Graphics2D g, Frame frame, Series s, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        boolean penDown = false;
        int drawn = 0;
        for (int i = 0; i < s.size(); i++) {
            if (!s.isFinite(i)) {
                penDown = false;
                continue;
            }
            double px = frame.px(s.xAt(i));
            double py = frame.py(s.yAt(i));
            if (penDown) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
                penDown = true;
            }
            drawn++;
        }
        g.draw(path);
        if (drawn <= 40) { // few points: mark them, a lone point would otherwise be invisible
            for (int i = 0; i < s.size(); i++) {
                if (s.isFinite(i)) {
                    g.fillOval((int) Math.round(frame.px(s.xAt(i))) - 3, (int) Math.round(frame.py(s.yAt(i))) - 3, 6, 6);
                }
            }
        }
    }

    private void drawLabels(Graphics2D g, Frame frame, FontMetrics metrics) {
        g.setColor(Color.BLACK);
        if (!title.isEmpty()) {
            Font plain = g.getFont();
            g.setFont(plain.deriveFont(Font.BOLD, 14f));
            FontMetrics bold = g.getFontMetrics();
            g.drawString(title, (width - bold.stringWidth(title)) / 2, 12 + bold.getAscent());
            g.setFont(plain);
        }
        if (!xLabel.isEmpty()) {
            int center = (frame.left() + frame.right()) / 2;
            g.drawString(xLabel, center - metrics.stringWidth(xLabel) / 2, height - 12 - metrics.getDescent());
        }
        if (!yLabel.isEmpty()) {
            AffineTransform saved = g.getTransform();
            int center = (frame.top() + frame.bottom()) / 2;
            g.translate(12 + metrics.getAscent(), center + metrics.stringWidth(yLabel) / 2);
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, 0, 0);
            g.setTransform(saved);
        }
    }

    private void drawLegend(Graphics2D g, Frame frame, FontMetrics metrics) {
        if (series.size() < 2 && (series.isEmpty() || series.get(0).name().isEmpty())) {
            return;
        }
        int line = metrics.getHeight();
        int textWidth = 0;
        for (Series s : series) {
            textWidth = Math.max(textWidth, metrics.stringWidth(s.name()));
        }
        int boxWidth = 8 + 24 + 6 + textWidth + 8;
        int boxHeight = 6 + line * series.size() + 2;
        int x = frame.right() - boxWidth - 8;
        int y = frame.top() + 8;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(x, y, boxWidth, boxHeight);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, boxWidth, boxHeight);
        for (int s = 0; s < series.size(); s++) {
            int baseline = y + 4 + line * s + metrics.getAscent();
            int middle = baseline - metrics.getAscent() / 2 + 1;
            g.setColor(PALETTE[s % PALETTE.length]);
            g.setStroke(new BasicStroke(2f));
            g.drawLine(x + 8, middle, x + 32, middle);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).name(), x + 38, baseline);
        }
    }

    /** [min, max] of the finite x (or y) values of every series; [0, 1] if there are none. */
    private double[] range(boolean xAxis) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (s.isFinite(i)) {
                    double v = xAxis ? s.xAt(i) : s.yAt(i);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new double[] {min, max} : new double[] {0, 1};
    }

    /** DJL-style builder: {@code set…} is required, {@code opt…} and {@code add…} optional. */
    public static final class Builder {
        private String title = "";
        private String xLabel = "";
        private String yLabel = "";
        private final List<Series> series = new ArrayList<>();
        private int width = 800;
        private int height = 500;

        private Builder() {
        }

        public Builder optTitle(String title) {
            this.title = Objects.requireNonNull(title);
            return this;
        }

        public Builder optXLabel(String label) {
            this.xLabel = Objects.requireNonNull(label);
            return this;
        }

        public Builder optYLabel(String label) {
            this.yLabel = Objects.requireNonNull(label);
            return this;
        }

        /** Image size in pixels (default 800×500). */
        public Builder optSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder addSeries(String name, double[] x, double[] y) {
            series.add(new Series(name, x, y));
            return this;
        }

        public Builder addSeries(Series s) {
            series.add(Objects.requireNonNull(s));
            return this;
        }

        public LinePlot build() {
            if (width < 100 || height < 80) {
                throw new IllegalArgumentException("a plot needs at least 100x80 pixels, got " + width + "x" + height);
            }
            return new LinePlot(this);
        }
    }
}
