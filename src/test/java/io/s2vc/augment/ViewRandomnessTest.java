package io.s2vc.augment;

import io.s2vc.util.Seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ViewRandomnessTest {

    @Test
    void fnv1a64MatchesReferenceValues() {
        assertEquals(0xcbf29ce484222325L, Seeds.fnv1a64(""));
        assertEquals(0xaf63dc4c8601ec8cL, Seeds.fnv1a64("a"));
        assertEquals(0x85944171f73967e8L, Seeds.fnv1a64("foobar"));
    }

    @Test
    void streamsAreStableAndDistinct() {
        long first = ViewRandomness.stream(0, "video", 3, ViewKind.QUERY).nextLong();
        assertEquals(first, ViewRandomness.stream(0, "video", 3, ViewKind.QUERY).nextLong());
        assertNotEquals(first, ViewRandomness.stream(0, "video", 3, ViewKind.KEY).nextLong());
        Set<Long> seeds = new HashSet<>();
        for (long index = 0; index < 1000; index++) {
            seeds.add(ViewRandomness.mix(0, Seeds.fnv1a64("video"), index));
        }
        assertEquals(1000, seeds.size());
    }

    @Test
    void passZeroKeepsTheSeedAndLaterPassesAreDistinct() {
        assertEquals(ViewRandomness.stream(0, "video", 3, ViewKind.KEY).nextLong(),
                ViewRandomness.stream(0, "video", 3, 0, ViewKind.KEY).nextLong());
        assertEquals(42L, ViewRandomness.withPass(42L, 0));
        Set<Long> seeds = new HashSet<>();
        for (int pass = 0; pass < 1000; pass++) {
            seeds.add(ViewRandomness.withPass(42L, pass));
        }
        assertEquals(1000, seeds.size());
        assertThrows(IllegalArgumentException.class, () -> ViewRandomness.withPass(42L, -1));
    }
}
