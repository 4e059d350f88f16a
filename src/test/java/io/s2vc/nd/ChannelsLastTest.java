package io.s2vc.nd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import org.junit.jupiter.api.Test;

/** Channels-last copies keep shape and values, and convolutions on them give the channels-first results. */
class ChannelsLastTest {
    @Test
    void keepsShapeAndValuesIn4dAnd5d() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Shape shape : new Shape[] {new Shape(2, 5, 3, 4), new Shape(2, 5, 3, 4, 6), new Shape(3, 1, 4, 4)}) {
                NDArray x = manager.arange((float) shape.size()).reshape(shape);
                NDArray last = ChannelsLast.of(x);
                assertEquals(shape, last.getShape());
                assertTrue(x.contentEquals(last), "values of " + shape);
            }
        }
    }

    @Test
    void convolutionsGiveTheChannelsFirstResults() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(2, 6, 9, 9));
            NDArray w = manager.randomNormal(new Shape(16, 6, 3, 3));
            NDArray b = manager.randomNormal(new Shape(16));
            Shape one = new Shape(1, 1);
            NDArray first = Conv2d.conv2d(x, w, b, one, one, one, 1).head();
            NDArray last = Conv2d.conv2d(ChannelsLast.of(x), w, b, one, one, one, 1).head();
            assertTrue(first.sub(last).abs().max().getFloat() < 1e-4f);

            NDArray clip = manager.randomNormal(new Shape(2, 3, 4, 8, 8));
            NDArray w3 = manager.randomNormal(new Shape(8, 3, 3, 3, 3));
            Shape one3 = new Shape(1, 1, 1);
            NDArray first3 = Conv3d.conv3d(clip, w3, null, one3, one3, one3, 1).head();
            NDArray last3 = Conv3d.conv3d(ChannelsLast.of(clip), w3, null, one3, one3, one3, 1).head();
            assertTrue(first3.sub(last3).abs().max().getFloat() < 1e-4f);
        }
    }

    @Test
    void refusesOtherRanks() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> ChannelsLast.of(manager.zeros(new Shape(2, 3, 4))));
        }
    }
}
