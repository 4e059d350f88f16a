package io.s2vc.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {

    @Test
    void writesAReadablePngOfTheRequestedSizeWithEverySeriesDrawn(@TempDir Path dir) throws Exception {
        double[] x = {0, 100, 200, 300, 400};
        Path file = dir.resolve("curve.png");
        LinePlot.builder().optTitle("training").optXLabel("step").optYLabel("bits/dim").optSize(640, 400)
                .addSeries("train", x, new double[] {9.5, 7.1, 6.0, 5.5, 5.2})
                .addSeries("held-out", x, new double[] {9.5, Double.NaN, 6.3, 5.8, 5.6})
                .build()
                .writePng(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        // The first two palette colours (blue, vermillion) must both appear: each series was drawn.
        assertTrue(countNear(image, 0x0072B2) > 50, "train line drawn");
        assertTrue(countNear(image, 0xD55E00) > 50, "held-out line drawn");
    }

    @Test
    void ticksAreRoundNumbersThatCoverTheData() {
        AxisTicks ticks = AxisTicks.covering(4.37, 9.48, 6);
        assertEquals(4, ticks.low());
        assertEquals(10, ticks.high());
        assertEquals(1, ticks.step());
        assertEquals(List.of("4", "5", "6", "7", "8", "9", "10"), ticks.values().stream().map(ticks::label).toList());
        AxisTicks small = AxisTicks.covering(0, 0.3, 6);
        assertEquals("0.05", small.label(small.step()));
        assertEquals("0.30", small.label(0.1 + 0.2), "no floating-point noise in labels");
    }

    @Test
    void tooSmallAnImageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LinePlot.builder().optSize(50, 50).build());
    }

    private static int countNear(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) < 24 && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 24
                        && Math.abs((p & 0xff) - (rgb & 0xff)) < 24) {
                    count++;
                }
            }
        }
        return count;
    }
}
