package io.s2vc.suppress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SuppressionSeedsTest {
    /** A replayed clip gets fresh suppression noise; the first pass keeps the seeds of before passes existed. */
    @Test
    void passZeroKeepsTheClipSeedAndLaterPassesChangeIt() {
        long first = SuppressionSeeds.forClip("video", 4);
        assertEquals(first, SuppressionSeeds.forClip("video", 4, 0));
        assertNotEquals(first, SuppressionSeeds.forClip("video", 4, 1));
        assertNotEquals(SuppressionSeeds.forClip("video", 4, 1), SuppressionSeeds.forClip("video", 4, 2));
    }
}
