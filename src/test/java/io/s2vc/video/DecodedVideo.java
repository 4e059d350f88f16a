package io.s2vc.video;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Decodes a whole video file to RGB with FFmpeg, independently of the code under test. */
final class DecodedVideo {
    private DecodedVideo() {
    }

    static Clip read(Path file) throws IOException {
        FfmpegLog.errorsOnly();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            byte[] row = new byte[width * Clip.CHANNELS];
            int count = 0;
            for (Frame frame = grabber.grabImage(); frame != null; frame = grabber.grabImage()) {
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                for (int y = 0; y < height; y++) {
                    pixels.get(y * frame.imageStride, row);
                    frames.write(row);
                }
                count++;
            }
            grabber.stop();
            return new Clip(count, height, width, frames.toByteArray());
        }
    }

    /**
     * Mean absolute difference of brightness (Rec. 601 luma) in frame {@code t} of two clips of equal size.
     * The measure for textures: MPEG-4 keeps colour at half resolution, so fine colour detail blurs by design.
     */
    static double meanLumaError(Clip a, Clip b, int t) {
        double sum = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                sum += Math.abs(luma(a, t, y, x) - luma(b, t, y, x));
            }
        }
        return sum / (a.height() * a.width());
    }

    private static double luma(Clip clip, int t, int y, int x) {
        return 0.299 * clip.get(t, y, x, 0) + 0.587 * clip.get(t, y, x, 1) + 0.114 * clip.get(t, y, x, 2);
    }

    /** Mean absolute difference per channel value of frame {@code t} of two clips of equal size. */
    static double meanAbsoluteError(Clip a, Clip b, int t) {
        long sum = 0;
        for (int i = 0; i < a.frameBytes(); i++) {
            sum += Math.abs((a.rgb()[t * a.frameBytes() + i] & 0xFF) - (b.rgb()[t * b.frameBytes() + i] & 0xFF));
        }
        return (double) sum / a.frameBytes();
    }
}
