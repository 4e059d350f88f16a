package io.s2vc.bench;

import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Clips of uniformly random uint8 pixels: what a benchmark feeds when only the cost matters, not the content. */
final class RandomClips {
    private RandomClips() {
    }

    /** {@code count} clips of T×size×size×3 random bytes, the same for the same seed. */
    static List<Clip> of(int count, int frames, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Clip> clips = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] rgb = new byte[frames * size * size * Clip.CHANNELS];
            random.nextBytes(rgb);
            clips.add(new Clip(frames, size, size, rgb));
        }
        return clips;
    }
}
