package io.s2vc.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s2vc.video.Clip;
import org.junit.jupiter.api.Test;

/**
 * Prints the time per clip pair on one thread; a measurement, not an assertion on time. Uniform noise is
 * the worst case (it defeats branch prediction in the per-pixel colour loops); smooth waves are closer to
 * natural video.
 */
class AugmentThroughputTest {

    @Test
    void printsMillisecondsPerPair() {
        ViewAugmenter paper = ViewAugmenter.builder().setOutputSize(112).build();
        ViewAugmenter cpu = ViewAugmenter.builder().setOutputSize(48).build();
        ViewAugmenter cpuDirect = ViewAugmenter.builder().setOutputSize(48).optIntermediateSize(0).build();
        measure("16x128x171 noise  -> 2x16x112x112", paper, TestClips.noise(16, 128, 171, 1));
        measure("16x128x171 smooth -> 2x16x112x112", paper, TestClips.smoothWaves(16, 128, 171, 1));
        measure("8x72x96    noise  -> 2x8x48x48", cpu, TestClips.noise(8, 72, 96, 2));
        measure("8x72x96    smooth -> 2x8x48x48", cpu, TestClips.smoothWaves(8, 72, 96, 2));
        measure("8x72x96    smooth -> 2x8x48x48, no intermediate", cpuDirect, TestClips.smoothWaves(8, 72, 96, 2));
    }

    private static void measure(String label, ViewAugmenter augmenter, Clip clip) {
        int warmup = 200;
        int measured = 200;
        long checksum = 0;
        for (int i = 0; i < warmup; i++) {
            checksum += augmenter.makeViews(clip, "video", i).query().rgb()[0];
        }
        long start = System.nanoTime();
        for (int i = 0; i < measured; i++) {
            PairViews views = augmenter.makeViews(clip, "video", i);
            checksum += views.query().rgb()[0] + views.key().rgb()[0];
        }
        double millis = (System.nanoTime() - start) / 1e6 / measured;
        System.out.printf("augment %-50s %6.2f ms per pair (checksum %d)%n", label, millis, checksum);
        assertEquals(augmenter.outputSize(), augmenter.makeViews(clip, "video", 0).key().height());
    }
}
