package io.s2vc.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.s2vc.model.BackboneType;
import io.s2vc.model.Encoder;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Full fine-tuning end to end on a task a backbone must learn: dark clips vs bright clips. */
class FineTuneTest {
    private static List<EvalVideo> videos(int perClass, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<EvalVideo> videos = new ArrayList<>();
        for (int i = 0; i < 2 * perClass; i++) {
            int label = i % 2;
            List<Clip> clips = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                byte[] rgb = new byte[4 * 16 * 16 * 3];
                for (int j = 0; j < rgb.length; j++) {
                    rgb[j] = (byte) (label * 160 + random.nextInt(96));
                }
                clips.add(new Clip(4, 16, 16, rgb));
            }
            videos.add(new EvalVideo("v" + i, label, -1, clips));
        }
        return videos;
    }

    @Test
    void aFineTunedBackboneSeparatesDarkFromBrightVideos() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoder.builder().setBackbone(BackboneType.TINY3D).optSeed(3).build();
            encoder.initialize(manager);
            FineTune.Settings untrained = new FineTune.Settings(0, 1e-3, 1e-3, 8, new int[0], 0);
            double before = FineTune.trainAndTest(encoder, videos(8, 1), videos(4, 2), 2, untrained, manager);
            org.junit.jupiter.api.Assertions.assertTrue(before < 1.0, "untrained: " + before);
            FineTune.Settings settings = new FineTune.Settings(8, 1e-3, 1e-3, 8, new int[0], 0);
            double top1 = FineTune.trainAndTest(encoder, videos(8, 1), videos(4, 2), 2, settings, manager);
            assertEquals(1.0, top1);
        }
    }
}
