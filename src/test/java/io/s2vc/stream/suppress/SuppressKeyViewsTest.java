package io.s2vc.stream.suppress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** A clip whose motion-preserved view holds NaN or Inf is told apart, so it can be dead-lettered. */
class SuppressKeyViewsTest {

    @Test
    void nonFiniteClipsAreFound() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = new float[3 * 2 * 3 * 2 * 2];
            values[13] = Float.NaN;
            values[2 * 24 + 5] = Float.POSITIVE_INFINITY;
            var clips = manager.create(values, new Shape(3, 3, 2, 2, 2));
            assertArrayEquals(new boolean[] {false, true, false}, SuppressKeyViews.finitePerClip(clips));
        }
    }
}
