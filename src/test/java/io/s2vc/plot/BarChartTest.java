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

class BarChartTest {
    @Test
    void drawsOneBarPerSeriesAndCategory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bars.png");
        BarChart.builder().optTitle("similarity").optYLabel("cosine").optSize(600, 400)
                .setCategories(List.of("ApplyEyeMakeup", "Basketball", "JumpRope"))
                .addSeries("Z", new double[] {0.9, 0.8, Double.NaN})
                .addSeries("Z_p", new double[] {0.4, 0.3, 0.2})
                .build().writePng(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(600, image.getWidth());
        assertEquals(400, image.getHeight());
        assertTrue(count(image, 0x0072B2) > 500, "Z bars drawn");
        assertTrue(count(image, 0xD55E00) > 500, "Z_p bars drawn");
    }

    @Test
    void aSeriesMustHaveOneValuePerCategory() {
        assertThrows(IllegalArgumentException.class, () -> BarChart.builder().setCategories(List.of("a", "b"))
                .addSeries("Z", new double[] {1}).build());
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
