package io.s2vc.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** A chart of a fixed size in pixels, rendered headless and written as PNG. */
abstract class Chart {
    private final int width;
    private final int height;
    private final String title;
    private final String yLabel;

    Chart(ChartBuilder<?> builder) {
        this.width = builder.width;
        this.height = builder.height;
        this.title = builder.title;
        this.yLabel = builder.yLabel;
    }

    /** Draws the chart. */
    public BufferedImage render() {
        return ChartParts.canvas(width, height, this::draw);
    }

    /** Renders and writes a PNG atomically (a reader never sees half an image). */
    public void writePng(Path file) throws IOException {
        ChartParts.writePng(render(), file);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    String title() {
        return title;
    }

    String yLabel() {
        return yLabel;
    }

    abstract void draw(Graphics2D g);
}
