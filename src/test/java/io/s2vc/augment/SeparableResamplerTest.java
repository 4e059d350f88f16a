package io.s2vc.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.video.Clip;
import org.junit.jupiter.api.Test;

class SeparableResamplerTest {

    @Test
    void equalSizesAreTheIdentity() {
        Clip clip = TestClips.noise(2, 37, 53, 1);
        assertEquals(clip, SeparableResampler.resize(clip, 37, 53));
    }

    @Test
    void constantImageStaysConstant() {
        Clip clip = TestClips.uniform(2, 50, 70, 13, 128, 250);
        int[][] sizes = {{112, 112}, {17, 9}, {50, 200}, {1, 1}};
        for (int[] size : sizes) {
            Clip resized = SeparableResampler.resize(clip, size[0], size[1]);
            for (int i = 0; i < resized.rgb().length; i += 3) {
                assertEquals(13, resized.rgb()[i] & 0xFF);
                assertEquals(128, resized.rgb()[i + 1] & 0xFF);
                assertEquals(250, resized.rgb()[i + 2] & 0xFF);
            }
        }
    }

    @Test
    void halvingAveragesATwoPixelPattern() {
        // Columns alternate 0 / 200: a non-antialiased bilinear would sample one phase; PIL's widened
        // triangle spreads over the period and yields the mean everywhere away from the borders.
        int height = 16;
        int width = 32;
        Clip stripes = Clip.zeros(1, height, width);
        for (int y = 0; y < height; y++) {
            for (int x = 1; x < width; x += 2) {
                for (int c = 0; c < 3; c++) {
                    stripes.rgb()[stripes.offset(0, y, x) + c] = (byte) 200;
                }
            }
        }
        Clip halved = SeparableResampler.resize(stripes, height / 2, width / 2);
        for (int y = 0; y < height / 2; y++) {
            for (int x = 1; x < width / 2 - 1; x++) {
                assertEquals(100, halved.get(0, y, x, 0), "pixel " + x);
            }
        }
    }

    @Test
    void upscalingInterpolatesLinearly() {
        Clip twoPixels = Clip.zeros(1, 1, 2);
        twoPixels.rgb()[3] = (byte) 200; // right pixel red = 200
        Clip wide = SeparableResampler.resize(twoPixels, 1, 4);
        // Output centres at source x = 0.25, 0.75, 1.25, 1.75: edges clamp, the middle interpolates.
        assertEquals(0, wide.get(0, 0, 0, 0));
        assertEquals(50, wide.get(0, 0, 1, 0));
        assertEquals(150, wide.get(0, 0, 2, 0));
        assertEquals(200, wide.get(0, 0, 3, 0));
    }

    @Test
    void composedTwoStageResizeMatchesExplicitStages() {
        // The view pipeline folds crop -> 224 -> 112 into one table per axis; done explicitly, the
        // intermediate image is rounded to uint8, so the two may differ by one level.
        Clip clip = TestClips.smoothWaves(2, 90, 150, 3);
        ViewAugmenter augmenter = ViewAugmenter.builder().setOutputSize(112).optIntermediateSize(224).build();
        Clip composed = augmenter.render(clip, ViewPlan.cropAndFlip(new CropBox(0, 0, 90, 150), false));
        Clip explicit = SeparableResampler.resize(SeparableResampler.resize(clip, 224, 224), 112, 112);
        for (int i = 0; i < composed.rgb().length; i++) {
            int difference = Math.abs((composed.rgb()[i] & 0xFF) - (explicit.rgb()[i] & 0xFF));
            assertTrue(difference <= 1, "byte " + i + " differs by " + difference);
        }
    }

    @Test
    void composedTwoStageWeightsSumToOneAndStayInsideTheCrop() {
        AxisWeights weights = AxisWeights.resizedCrop(30, 95, 224, 112, false);
        assertEquals(112, weights.outputSize());
        assertTrue(weights.minSource() >= 30);
        assertTrue(weights.minSource() + weights.sourceSpan() <= 30 + 95);
        for (int o = 0; o < 112; o++) {
            double sum = 0;
            for (int k = 0; k < weights.taps(); k++) {
                float w = weights.weights()[o * weights.taps() + k];
                assertTrue(w >= 0);
                sum += w;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }
}
