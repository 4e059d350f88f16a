package io.s2vc.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retrieval on examples small enough to compute by hand. */
class RetrievalTest {
    // Unit vectors on the axes after centring (their mean is 0): right and left are class 0, up and down class 1.
    private static final float[][] GALLERY = {{2, 0}, {0, 2}, {-2, 0}, {0, -2}};
    private static final int[] GALLERY_LABELS = {0, 1, 0, 1};
    // Mean (2, 2): centred they are (1, -1) and (-1, 1), each exactly between a class-0 and a class-1 item.
    private static final float[][] QUERIES = {{3, 1}, {1, 3}};

    @Test
    void eachSetIsCentredByItsOwnMeanAndNormalised() {
        float[][] unit = Retrieval.centredUnit(QUERIES);
        float h = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] {h, -h}, unit[0], 1e-6f);
        assertArrayEquals(new float[] {-h, h}, unit[1], 1e-6f);
    }

    @Test
    void tiesGoToTheEarlierGalleryVideo() {
        // Query 0 ties (0.707) between gallery 0 (class 0) and 3 (class 1); query 1 between 1 (class 1) and 2 (class 0).
        Map<Integer, Double> recall = Retrieval.recallAtK(GALLERY, GALLERY_LABELS, QUERIES, new int[] {1, 0});
        assertEquals(0.0, recall.get(1), "both ties resolve to the earlier item, of the other class");
        assertEquals(1.0, recall.get(5));
        Map<Integer, Double> other = Retrieval.recallAtK(GALLERY, GALLERY_LABELS, QUERIES, new int[] {0, 1});
        assertEquals(1.0, other.get(1));
        assertEquals(java.util.List.of(1, 5, 10, 20, 50), java.util.List.copyOf(other.keySet()));
    }

    @Test
    void anOffsetOfTheQuerySetChangesNothing() {
        float[][] shifted = new float[QUERIES.length][];
        for (int i = 0; i < QUERIES.length; i++) {
            shifted[i] = new float[] {QUERIES[i][0] + 100, QUERIES[i][1] + 100};
        }
        int[] labels = {0, 1};
        assertEquals(Retrieval.recallAtK(GALLERY, GALLERY_LABELS, QUERIES, labels),
                Retrieval.recallAtK(GALLERY, GALLERY_LABELS, shifted, labels));
    }

    @Test
    void recallAtKCountsAHitWhenAnyOfTheTopKMatches() {
        // Both sets have mean 0. Query 0 (class 4) ranks gallery 0, 1, 2 and 4 (a tie at 0), 5, 3: class 4 at rank 5.
        float[][] gallery = {{1, 0}, {0.9f, 0.1f}, {0, 1}, {-1, 0}, {0, -1}, {-0.9f, -0.1f}};
        int[] galleryLabels = {0, 0, 1, 2, 3, 4};
        float[][] queries = {{1, 0}, {-1, 0}};

        Map<Integer, Double> recall = Retrieval.recallAtK(gallery, galleryLabels, queries, new int[] {4, 2});
        assertEquals(0.5, recall.get(1), "query 1 finds item 3 (class 2) first");
        assertEquals(1.0, recall.get(10));
    }
}
