package io.s2vc.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VideoWriterTest {
    @TempDir
    Path folder;

    /** Smooth colour ramps (0..255, no wrap-around) that change with t: easy for any codec. */
    private static Clip ramps(int frames, int height, int width) {
        Clip clip = Clip.zeros(frames, height, width);
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = clip.offset(t, y, x);
                    clip.rgb()[i] = (byte) (40 + 3 * x + 4 * t);
                    clip.rgb()[i + 1] = (byte) (30 + 4 * y);
                    clip.rgb()[i + 2] = (byte) (220 - 2 * x - 2 * y);
                }
            }
        }
        return clip;
    }

    @ParameterizedTest
    @CsvSource({"clip.avi, 3", "clip.mp4, 3", "clip.gif, 20"})
    void decodesToTheWrittenFrames(String name, double tolerance) throws IOException {
        Clip written = ramps(10, 32, 48);
        Path file = folder.resolve("nested").resolve(name);

        VideoWriter.write(file, written, 25);
        Clip decoded = DecodedVideo.read(file);

        assertEquals(10, decoded.frames());
        assertEquals(32, decoded.height());
        assertEquals(48, decoded.width());
        for (int t = 0; t < decoded.frames(); t++) {
            double error = DecodedVideo.meanAbsoluteError(written, decoded, t);
            assertTrue(error < tolerance, name + " frame " + t + " differs by " + error + " on average");
        }
    }

    @Test
    void writesSingleFramesAndCountsThem() throws IOException {
        Clip clip = ramps(3, 16, 16);
        Path file = folder.resolve("frames.avi");
        try (VideoWriter writer = new VideoWriter(file, 16, 16, 10)) {
            for (int t = 0; t < 3; t++) {
                byte[] frame = new byte[clip.frameBytes()];
                System.arraycopy(clip.rgb(), t * clip.frameBytes(), frame, 0, frame.length);
                writer.writeFrame(frame);
            }
            assertEquals(3, writer.framesWritten());
        }
        assertEquals(3, DecodedVideo.read(file).frames());
    }

    @Test
    void rejectsWhatItCannotWrite() throws IOException {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new VideoWriter(folder.resolve("clip.mkv"), 16, 16, 25));
        assertTrue(unknown.getMessage().contains("clip.mkv"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VideoWriter(folder.resolve("odd.avi"), 15, 16, 25));
        try (VideoWriter writer = new VideoWriter(folder.resolve("size.avi"), 16, 16, 25)) {
            assertThrows(IllegalArgumentException.class, () -> writer.writeFrame(new byte[10]));
            assertThrows(IllegalArgumentException.class, () -> writer.write(Clip.zeros(1, 8, 8)));
        }
    }
}
