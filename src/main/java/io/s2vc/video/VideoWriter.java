package io.s2vc.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Encodes RGB frames (H×W×3 uint8, the {@link Clip} layout) to a video file with FFmpeg.
 *
 * <p>The container follows the file extension: {@code .avi} and {@code .mp4} hold MPEG-4 part 2
 * at a fixed high quality (quantiser 2), so that fine background textures survive compression;
 * {@code .gif} holds an 8-bit palette GIF. Not thread-safe; one writer per file.
 */
public final class VideoWriter implements AutoCloseable {
    /** MPEG-4 quantiser: 1 is best, 31 worst; 2 keeps textures with a period of a few pixels. */
    private static final double MPEG4_QUANTISER = 2;

    private final Path file;
    private final int width;
    private final int height;
    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final byte[] bgrRow;
    private int framesWritten;
    private boolean closed;

    /**
     * Opens {@code file} for writing, creating missing parent folders and replacing an existing file.
     *
     * @throws IllegalArgumentException for an unknown extension or a size the codec cannot encode
     * @throws IOException if FFmpeg cannot open the file or the encoder
     */
    public VideoWriter(Path file, int width, int height, double framesPerSecond) throws IOException {
        Container container = Container.of(file);
        if (width < 1 || height < 1 || framesPerSecond <= 0) {
            throw new IllegalArgumentException("video " + file + " needs a positive size and frame rate, got "
                    + width + "x" + height + " at " + framesPerSecond + " fps");
        }
        if (container.needsEvenSize && (width % 2 != 0 || height % 2 != 0)) {
            throw new IllegalArgumentException("MPEG-4 video " + file + " needs an even width and height, got "
                    + width + "x" + height);
        }
        FfmpegLog.errorsOnly();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.file = file;
        this.width = width;
        this.height = height;
        this.recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        recorder.setFormat(container.format);
        recorder.setVideoCodec(container.codec);
        recorder.setPixelFormat(container.pixelFormat);
        recorder.setFrameRate(framesPerSecond);
        if (container.codec == avcodec.AV_CODEC_ID_MPEG4) {
            recorder.setVideoQuality(MPEG4_QUANTISER);
        }
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            releaseQuietly();
            throw new IOException("cannot open " + file + " for writing: " + e.getMessage(), e);
        }
        this.frame = new Frame(width, height, Frame.DEPTH_UBYTE, Clip.CHANNELS);
        this.bgrRow = new byte[width * Clip.CHANNELS];
    }

    /** Whether files ending in {@code .extension} (e.g. "avi") can be written. */
    public static boolean supports(String extension) {
        for (Container container : Container.values()) {
            if (container.format.equalsIgnoreCase(extension)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes a whole clip to {@code file} (see the constructor for formats); a GIF gets a palette chosen for the clip
     * ({@link PaletteGif}) instead of FFmpeg's fixed one.
     */
    public static void write(Path file, Clip clip, double framesPerSecond) throws IOException {
        if (Container.of(file) == Container.GIF) {
            if (clip.width() < 1 || clip.height() < 1 || framesPerSecond <= 0) {
                throw new IllegalArgumentException("GIF " + file + " needs a positive size and frame rate");
            }
            PaletteGif.write(file, clip, framesPerSecond);
            return;
        }
        try (VideoWriter writer = new VideoWriter(file, clip.width(), clip.height(), framesPerSecond)) {
            writer.write(clip);
        }
    }

    /** Appends all frames of {@code clip}, which must match this writer's size. */
    public void write(Clip clip) throws IOException {
        if (clip.width() != width || clip.height() != height) {
            throw new IllegalArgumentException("clip of " + clip.width() + "x" + clip.height()
                    + " does not fit video " + file + " of " + width + "x" + height);
        }
        for (int t = 0; t < clip.frames(); t++) {
            writeFrame(clip.rgb(), t * clip.frameBytes());
        }
    }

    /** Appends one frame given as H×W×3 RGB bytes. */
    public void writeFrame(byte[] rgb) throws IOException {
        if (rgb.length != width * height * Clip.CHANNELS) {
            throw new IllegalArgumentException("a frame of " + width + "x" + height + "x3 needs "
                    + width * height * Clip.CHANNELS + " bytes, got " + rgb.length);
        }
        writeFrame(rgb, 0);
    }

    private void writeFrame(byte[] rgb, int offset) throws IOException {
        if (closed) {
            throw new IllegalStateException("video " + file + " is already closed");
        }
        // FFmpeg's packed 24-bit input is BGR; rows may be padded, so copy row by row at imageStride.
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        int rowBytes = width * Clip.CHANNELS;
        for (int y = 0; y < height; y++) {
            int source = offset + y * rowBytes;
            for (int i = 0; i < rowBytes; i += Clip.CHANNELS) {
                bgrRow[i] = rgb[source + i + 2];
                bgrRow[i + 1] = rgb[source + i + 1];
                bgrRow[i + 2] = rgb[source + i];
            }
            pixels.put(y * frame.imageStride, bgrRow);
        }
        try {
            recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot encode frame " + framesWritten + " of " + file + ": " + e.getMessage(), e);
        }
        framesWritten++;
    }

    public int framesWritten() {
        return framesWritten;
    }

    /** Flushes the encoder and finishes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot finish video " + file + ": " + e.getMessage(), e);
        } finally {
            releaseQuietly();
            frame.close();
        }
    }

    private void releaseQuietly() {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception ignored) {
            // Nothing left to save: the file is either complete or already reported as failed.
        }
    }

    /** Container, codec and pixel format by file extension. */
    private enum Container {
        AVI("avi", avcodec.AV_CODEC_ID_MPEG4, avutil.AV_PIX_FMT_YUV420P, true),
        MP4("mp4", avcodec.AV_CODEC_ID_MPEG4, avutil.AV_PIX_FMT_YUV420P, true),
        GIF("gif", avcodec.AV_CODEC_ID_GIF, avutil.AV_PIX_FMT_RGB8, false);

        final String format;
        final int codec;
        final int pixelFormat;
        final boolean needsEvenSize;

        Container(String format, int codec, int pixelFormat, boolean needsEvenSize) {
            this.format = format;
            this.codec = codec;
            this.pixelFormat = pixelFormat;
            this.needsEvenSize = needsEvenSize;
        }

        static Container of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Container container : values()) {
                if (name.endsWith("." + container.format)) {
                    return container;
                }
            }
            throw new IllegalArgumentException("cannot choose a video format for " + file
                    + ": the name must end in .avi, .mp4 or .gif");
        }
    }
}
