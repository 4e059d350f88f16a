package io.s2vc.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CropBoxSamplerTest {
    private static final CropBoxSampler OFFICIAL = new CropBoxSampler(0.2, 1.0, 3.0 / 4.0, 4.0 / 3.0);

    @Test
    void boxesStayInsideAndRespectScaleAndRatio() {
        SplittableRandom rng = new SplittableRandom(3);
        int[][] images = {{128, 171}, {240, 320}, {72, 96}, {171, 128}};
        for (int[] image : images) {
            int height = image[0];
            int width = image[1];
            double area = (double) height * width;
            for (int i = 0; i < 5000; i++) {
                CropBox box = OFFICIAL.sample(height, width, rng);
                assertTrue(box.fitsIn(height, width), box + " in " + height + "x" + width);
                // Rounding each side to an integer moves scale and ratio by at most half a pixel per side.
                double sideSlack = 0.5 / Math.min(box.width(), box.height());
                double scale = box.width() * box.height() / area;
                double ratio = box.width() / (double) box.height();
                assertTrue(scale >= 0.2 * (1 - 2.1 * sideSlack) && scale <= 1.0, "scale " + scale);
                assertTrue(ratio >= 0.75 * (1 - 2.1 * sideSlack) && ratio <= 4.0 / 3.0 * (1 + 2.1 * sideSlack),
                        "ratio " + ratio + " of " + box);
            }
        }
    }

    @Test
    void positionsCoverTheImage() {
        SplittableRandom rng = new SplittableRandom(4);
        boolean touchedTop = false;
        boolean touchedRight = false;
        for (int i = 0; i < 2000; i++) {
            CropBox box = OFFICIAL.sample(128, 171, rng);
            touchedTop |= box.top() == 0;
            touchedRight |= box.left() + box.width() == 171;
        }
        assertTrue(touchedTop && touchedRight);
    }

    @Test
    void impossibleAspectFallsBackToCentreCrop() {
        // A 10 x 200 strip admits no box with ratio <= 4/3 of area >= 20% : the torchvision fallback
        // takes the full height and the widest allowed width, centred.
        CropBox box = OFFICIAL.sample(10, 200, new SplittableRandom(5));
        assertEquals(new CropBox(0, 93, 10, 13), box);
        CropBox tall = OFFICIAL.sample(200, 10, new SplittableRandom(5));
        assertEquals(new CropBox(93, 0, 13, 10), tall);
    }
}
