package io.s2vc.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A grouped bar chart drawn with Java2D, headless, written as PNG: one group per category, one bar per
 * series in each group, a value axis with nice ticks and a light grid, and a legend. Category labels are
 * slanted when they do not fit under their group. A NaN value draws no bar.
 *
 * <pre>
 * BarChart.builder().optTitle("intra-class cosine similarity").optYLabel("cosine")
 *         .setCategories(List.of("jump", "run")).addSeries("Z", z).addSeries("Z_p", zp)
 *         .build().writePng(Path.of("similarity.png"));
 * </pre>
 */
public final class BarChart extends Chart {
    private static final double SLANT = Math.PI / 4;

    private final List<String> categories;
    private final List<String> names;
    private final List<double[]> values;

    private BarChart(Builder builder) {
        super(builder);
        this.categories = List.copyOf(builder.categories);
        this.names = List.copyOf(builder.names);
        this.values = List.copyOf(builder.values);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    void draw(Graphics2D g) {
        FontMetrics metrics = g.getFontMetrics();
        int line = metrics.getHeight();
        double min = 0;
        double max = 0;
        for (double[] series : values) {
            for (double v : series) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        AxisTicks ticks = AxisTicks.covering(min, max, ChartParts.TARGET_TICKS);
        int left = 12 + (yLabel().isEmpty() ? 0 : line) + ChartParts.labelWidth(ticks, metrics) + ChartParts.TICK_LENGTH + 4;
        int right = width() - 16;
        int top = 12 + (title().isEmpty() ? 0 : line + 6);
        double group = (right - left) / (double) categories.size();
        int widest = 0;
        for (String category : categories) {
            widest = Math.max(widest, metrics.stringWidth(category));
        }
        boolean slanted = widest > group - 4;
        int labelDepth = slanted ? (int) Math.ceil(widest * Math.sin(SLANT)) + line : line;
        int bottom = height() - 12 - labelDepth - ChartParts.TICK_LENGTH;
        if (right - left < 20 || bottom - top < 20) {
            throw new IllegalStateException("a " + width() + "x" + height() + " image is too small for this bar chart");
        }
        double low = ticks.low();
        double high = ticks.high();
        int plotTop = top;
        int plotBottom = bottom;
        java.util.function.DoubleUnaryOperator py = v -> plotBottom - (v - low) / (high - low) * (plotBottom - plotTop);
        ChartParts.valueTicks(g, left, right, ticks, py, metrics);

        double barWidth = group * 0.8 / names.size();
        int zero = (int) Math.round(py.applyAsDouble(0));
        for (int c = 0; c < categories.size(); c++) {
            double groupLeft = left + c * group + group * 0.1;
            for (int s = 0; s < names.size(); s++) {
                double v = values.get(s)[c];
                if (!Double.isFinite(v)) {
                    continue;
                }
                int x0 = (int) Math.round(groupLeft + s * barWidth);
                int x1 = (int) Math.round(groupLeft + (s + 1) * barWidth);
                int y = (int) Math.round(py.applyAsDouble(v));
                g.setColor(ChartParts.color(s));
                g.fillRect(x0, Math.min(y, zero), Math.max(1, x1 - x0 - 1), Math.max(1, Math.abs(zero - y)));
            }
            drawCategory(g, categories.get(c), left + (c + 0.5) * group, bottom, slanted, metrics);
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, right - left, bottom - top);
        ChartParts.title(g, title(), width());
        ChartParts.verticalLabel(g, yLabel(), top, bottom, metrics);
        if (names.size() > 1 || !names.get(0).isEmpty()) {
            ChartParts.legend(g, names, right, top, metrics, ChartParts.Swatch.BOX);
        }
    }

    private static void drawCategory(Graphics2D g, String label, double center, int bottom, boolean slanted,
            FontMetrics metrics) {
        int x = (int) Math.round(center);
        g.setColor(Color.DARK_GRAY);
        g.drawLine(x, bottom, x, bottom + ChartParts.TICK_LENGTH);
        int baseline = bottom + ChartParts.TICK_LENGTH + metrics.getAscent();
        if (!slanted) {
            g.drawString(label, x - metrics.stringWidth(label) / 2, baseline);
            return;
        }
        AffineTransform saved = g.getTransform();
        g.translate(x, bottom + ChartParts.TICK_LENGTH + 4);
        g.rotate(-SLANT);
        g.drawString(label, -metrics.stringWidth(label), metrics.getAscent());
        g.setTransform(saved);
    }

    /** DJL-style builder: {@link #setCategories} and at least one series are required. */
    public static final class Builder extends ChartBuilder<Builder> {
        private List<String> categories = List.of();
        private final List<String> names = new ArrayList<>();
        private final List<double[]> values = new ArrayList<>();

        private Builder() {
            super(900, 500);
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder setCategories(List<String> categories) {
            this.categories = List.copyOf(categories);
            return this;
        }

        /** One value per category, in category order. */
        public Builder addSeries(String name, double[] seriesValues) {
            names.add(Objects.requireNonNull(name));
            values.add(seriesValues.clone());
            return this;
        }

        public BarChart build() {
            checkSize();
            if (categories.isEmpty() || names.isEmpty()) {
                throw new IllegalArgumentException("a bar chart needs categories and at least one series");
            }
            for (int s = 0; s < names.size(); s++) {
                if (values.get(s).length != categories.size()) {
                    throw new IllegalArgumentException("series '" + names.get(s) + "' has " + values.get(s).length
                            + " values for " + categories.size() + " categories");
                }
            }
            return new BarChart(this);
        }
    }
}
