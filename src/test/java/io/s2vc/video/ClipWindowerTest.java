package io.s2vc.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows cut from a real encoded video match the frames that were rendered into it. */
class ClipWindowerTest {
    record Window(int index, long startMs, Clip clip) {
    }

    static Clip rendered(int frames) {
        SyntheticDataset dataset = SyntheticDataset.builder().setSeed(5).optClasses(2).optFamilies(2)
                .optClassesPerAppearance(2).optTrainVideosPerClass(1).optTestVideosPerClass(1)
                .optFrames(frames).optFrameSize(64, 48).build();
        return dataset.render(dataset.plan().get(0));
    }

    static List<Window> cut(Path video, ClipWindower windower) throws IOException {
        List<Window> out = new ArrayList<>();
        try (VideoDecoder decoder = VideoDecoder.open(video.toString(), 48, 64)) {
            windower.cut(decoder, (i, ms, clip) -> out.add(new Window(i, ms, clip)));
        }
        return out;
    }

    static double meanAbsDiff(Clip a, int frameA, Clip b, int frameB) {
        long sum = 0;
        int n = a.frameBytes();
        for (int i = 0; i < n; i++) {
            sum += Math.abs((a.rgb()[frameA * n + i] & 0xFF) - (b.rgb()[frameB * n + i] & 0xFF));
        }
        return (double) sum / n;
    }

    /** The source frame a decoded frame is closest to (compression leaves a few levels of error). */
    static int closestFrame(Clip decoded, int frame, Clip source) {
        int best = -1;
        double bestDiff = Double.MAX_VALUE;
        for (int s = 0; s < source.frames(); s++) {
            double d = meanAbsDiff(decoded, frame, source, s);
            if (d < bestDiff) {
                bestDiff = d;
                best = s;
            }
        }
        assertTrue(bestDiff < 12, "decoded frame far from every source frame: " + bestDiff);
        return best;
    }

    @Test
    void windowsFollowStrideAndFrameStep(@TempDir Path dir) throws IOException {
        Clip source = rendered(20);
        Path video = dir.resolve("v.avi");
        VideoWriter.write(video, source, 25);
        ClipWindower windower = new ClipWindower(4, 2, 3);
        assertEquals(7, windower.span());
        List<Window> windows = cut(video, windower);
        // starts 0, 3, 6, 9, 12 (12 + 7 <= 20), not 15
        assertEquals(5, windows.size());
        for (Window w : windows) {
            int start = 3 * w.index();
            assertEquals(start * 40, w.startMs(), "25 fps: 40 ms per frame");
            for (int t = 0; t < 4; t++) {
                assertEquals(start + 2 * t, closestFrame(w.clip(), t, source), "window " + w.index() + " frame " + t);
            }
        }
    }

    @Test
    void aShortVideoGivesOneLeftPaddedWindow(@TempDir Path dir) throws IOException {
        Clip source = rendered(4);
        Path video = dir.resolve("short.avi");
        VideoWriter.write(video, source, 25);
        List<Window> windows = cut(video, new ClipWindower(4, 2, 1));
        assertEquals(1, windows.size());
        Clip clip = windows.get(0).clip();
        // frames 0 and 2 exist at step 2: slots 0-1 repeat frame 0, then frames 0 and 2
        assertEquals(List.of(0, 0, 0, 2), List.of(closestFrame(clip, 0, source), closestFrame(clip, 1, source),
                closestFrame(clip, 2, source), closestFrame(clip, 3, source)));
    }

    @Test
    void unreadableFilesFailClearly(@TempDir Path dir) throws IOException {
        Path junk = Files.write(dir.resolve("junk.mp4"), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> VideoDecoder.open(junk.toString(), 48, 64));
        assertTrue(e.getMessage().contains("junk.mp4"), e.getMessage());
    }
}
