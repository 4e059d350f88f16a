package io.s2vc.plot;

import java.util.Objects;

/**
 * What every chart's builder sets: title, y-axis label and size in pixels ({@code opt…}, DJL style); each chart's
 * builder adds its data.
 *
 * @param <B> the concrete builder, returned by every {@code opt…} so that calls chain
 */
public abstract class ChartBuilder<B extends ChartBuilder<B>> {
    String title = "";
    String yLabel = "";
    int width;
    int height;

    ChartBuilder(int defaultWidth, int defaultHeight) {
        this.width = defaultWidth;
        this.height = defaultHeight;
    }

    abstract B self();

    public B optTitle(String newTitle) {
        this.title = Objects.requireNonNull(newTitle);
        return self();
    }

    public B optYLabel(String label) {
        this.yLabel = Objects.requireNonNull(label);
        return self();
    }

    /** Image size in pixels. */
    public B optSize(int newWidth, int newHeight) {
        this.width = newWidth;
        this.height = newHeight;
        return self();
    }

    /** Refuses a size too small to draw axes and labels in. */
    void checkSize() {
        if (width < 100 || height < 80) {
            throw new IllegalArgumentException("a chart needs at least 100x80 pixels, got " + width + "x" + height);
        }
    }
}
