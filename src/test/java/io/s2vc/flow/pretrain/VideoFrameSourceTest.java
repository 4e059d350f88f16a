package io.s2vc.flow.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.video.Clip;
import io.s2vc.video.VideoWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames for flow pre-training from video files: whole frames, or flow-sized patches of larger frames. */
class VideoFrameSourceTest {

    @Test
    void patchesAreFlowSizedWindowsOfTheFramesAtRandomPlaces(@TempDir Path dir) throws Exception {
        // A ramp video: red = 4·x, green = 4·y, so a patch's top-left pixel says where it was cut.
        int frames = 6;
        int height = 48;
        int width = 64;
        byte[] rgb = new byte[frames * height * width * 3];
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = ((t * height + y) * width + x) * 3;
                    rgb[i] = (byte) (4 * x);
                    rgb[i + 1] = (byte) (4 * y);
                    rgb[i + 2] = (byte) (30 * t);
                }
            }
        }
        Path video = dir.resolve("ramp.avi");
        VideoWriter.write(video, new Clip(frames, height, width, rgb), 25);
        try (VideoFrameSource source = VideoFrameSource.builder().setVideos(List.of(video)).setFrameSize(16, 16)
                .optSeed(3).optFramesPerVideo(4).optPatchesFrom(height).build()) {
            Set<String> places = new HashSet<>();
            for (int read = 0; read < 5; read++) {
                for (byte[] patch : source.next()) {
                    assertEquals(16 * 16 * 3, patch.length);
                    int left = Math.round((patch[0] & 0xFF) / 4f);
                    int top = Math.round((patch[1] & 0xFF) / 4f);
                    assertTrue(left <= width - 16 && top <= height - 16, "inside the frame: " + left + "," + top);
                    // an unscaled window of the frame: the ramps rise by 4 a pixel across it (lossy MPEG-4 blurs colour)
                    int last = (15 * 16 + 15) * 3;
                    assertEquals(60, (patch[last] & 0xFF) - (patch[0] & 0xFF), 12.0);
                    assertEquals(60, (patch[last + 1] & 0xFF) - (patch[1] & 0xFF), 12.0);
                    places.add(top + "," + left);
                }
            }
            assertTrue(places.size() > 5, "patches come from many places: " + places);
            assertTrue(source.describe().contains("16x16 patches of frames decoded 48 pixels high"), source.describe());
        }
    }
}
