package io.s2vc.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
public final class LinePlot extends Chart {
    private final String xLabel;
    private final List<Series> series;

    private LinePlot(Builder builder) {
        super(builder);
        this.xLabel = builder.xLabel;
        this.series = List.copyOf(builder.series);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    void draw(Graphics2D g) {
        FontMetrics metrics = g.getFontMetrics();
        int line = metrics.getHeight();

        double[] xRange = range(true);
        double[] yRange = range(false);
        AxisTicks xTicks = AxisTicks.covering(xRange[0], xRange[1], ChartParts.TARGET_TICKS);
        AxisTicks yTicks = AxisTicks.covering(yRange[0], yRange[1], ChartParts.TARGET_TICKS);
        int yLabelWidth = ChartParts.labelWidth(yTicks, metrics);
        int left = 12 + (yLabel().isEmpty() ? 0 : line) + yLabelWidth + ChartParts.TICK_LENGTH + 4;
        int right = width() - 16;
        int top = 12 + (title().isEmpty() ? 0 : line + 6);
        int bottom = height() - (12 + (xLabel.isEmpty() ? 0 : line) + line + ChartParts.TICK_LENGTH);
        if (right - left < 20 || bottom - top < 20) {
            throw new IllegalStateException("a " + width() + "x" + height() + " image is too small for a plot");
        }
        Frame frame = new Frame(left, right, top, bottom, xTicks, yTicks);

        drawGridAndTicks(g, frame, metrics);
        for (int s = 0; s < series.size(); s++) {
            drawSeries(g, frame, series.get(s), ChartParts.color(s));
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
            g.setColor(ChartParts.GRID);
            g.drawLine(px, frame.top(), px, frame.bottom());
            g.setColor(Color.DARK_GRAY);
            g.drawLine(px, frame.bottom(), px, frame.bottom() + ChartParts.TICK_LENGTH);
            String label = frame.x().label(value);
            g.drawString(label, px - metrics.stringWidth(label) / 2, frame.bottom() + ChartParts.TICK_LENGTH + metrics.getAscent());
        }
        ChartParts.valueTicks(g, frame.left(), frame.right(), frame.y(), frame::py, metrics);
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
        ChartParts.title(g, title(), width());
        g.setColor(Color.BLACK);
        if (!xLabel.isEmpty()) {
            int center = (frame.left() + frame.right()) / 2;
            g.drawString(xLabel, center - metrics.stringWidth(xLabel) / 2, height() - 12 - metrics.getDescent());
        }
        ChartParts.verticalLabel(g, yLabel(), frame.top(), frame.bottom(), metrics);
    }

    private void drawLegend(Graphics2D g, Frame frame, FontMetrics metrics) {
        if (series.size() < 2 && (series.isEmpty() || series.get(0).name().isEmpty())) {
            return;
        }
        ChartParts.legend(g, series.stream().map(Series::name).toList(), frame.right(), frame.top(), metrics,
                ChartParts.Swatch.LINE);
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
    public static final class Builder extends ChartBuilder<Builder> {
        private String xLabel = "";
        private final List<Series> series = new ArrayList<>();

        private Builder() {
            super(800, 500);
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder optXLabel(String label) {
            this.xLabel = Objects.requireNonNull(label);
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
            checkSize();
            return new LinePlot(this);
        }
    }
}
