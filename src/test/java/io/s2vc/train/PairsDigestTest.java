package io.s2vc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's digest: any order gives the same one; a pair repeated or lost, or swapped for another, does not. */
class PairsDigestTest {
    @Test
    void orderDoesNotMatterButRepeatsAndLossesDo() {
        String digest = PairsDigest.of(List.of("v1#0", "v1#1", "v2#0"));
        assertEquals(digest, PairsDigest.of(List.of("v2#0", "v1#0", "v1#1")));
        assertNotEquals(digest, PairsDigest.of(List.of("v1#0", "v1#1", "v2#0", "v2#0")), "one trained twice");
        assertNotEquals(digest, PairsDigest.of(List.of("v1#0", "v1#1")), "one lost");
        assertNotEquals(digest, PairsDigest.of(List.of("v1#0", "v1#1", "v1#1")), "one lost, another twice");
        assertEquals(16, digest.length());
        assertEquals("0000000000000000", PairsDigest.of(List.of()));
    }
}
