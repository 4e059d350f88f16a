package io.s2vc.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Sequential decoding of anything ffmpeg reads (files, rtsp/http streams) into RGB24 frames at a
 * fixed size; ffmpeg's scaler does the resize, so no full-size frame reaches Java.
 */
public final class VideoDecoder implements AutoCloseable {
    static {
        FfmpegLog.errorsOnly();
    }

    private final FFmpegFrameGrabber grabber;
    private final int height;
    private final int width;
    private long framesRead;

    private VideoDecoder(FFmpegFrameGrabber grabber, int height, int width) {
        this.grabber = grabber;
        this.height = height;
        this.width = width;
    }

    /** Opens {@code source} (a path or a URL); frames come out at height×width. */
    public static VideoDecoder open(String source, int height, int width) throws IOException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source);
        grabber.setImageHeight(height);
        grabber.setImageWidth(width);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            closeQuietly(grabber);
            throw new IOException("cannot open video " + source + ": " + e.getMessage(), e);
        }
        if (grabber.getVideoStream() < 0 && grabber.getLengthInVideoFrames() <= 0 && grabber.getImageWidth() <= 0) {
            closeQuietly(grabber);
            throw new IOException("no video stream in " + source);
        }
        return new VideoDecoder(grabber, height, width);
    }

    /** The stored frame size of {@code source} as {height, width}, and its frame rate (0 if unknown). */
    public static double[] probe(String source) throws IOException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source);
        try {
            grabber.start();
            return new double[] {grabber.getImageHeight(), grabber.getImageWidth(), grabber.getFrameRate()};
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot open video " + source + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(grabber);
        }
    }

    /**
     * Decodes the next frame into {@code out} (height×width×3 bytes, RGB).
     *
     * @return the frame's presentation time in milliseconds, or -1 at the end of the stream
     */
    public long next(byte[] out) throws IOException {
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("decode error after " + framesRead + " frames: " + e.getMessage(), e);
        }
        if (frame == null || frame.image == null) {
            return -1;
        }
        // JavaCV derives imageChannels from the padded row stride, so only the size is checked;
        // the pixel format was fixed to RGB24 at open.
        if (frame.imageWidth != width || frame.imageHeight != height || frame.imageStride < width * 3) {
            throw new IOException("decoder returned " + frame.imageWidth + "x" + frame.imageHeight
                    + " (stride " + frame.imageStride + "), expected " + width + "x" + height + " RGB24");
        }
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int rowBytes = width * 3;
        for (int y = 0; y < height; y++) {
            buffer.position(y * frame.imageStride);
            buffer.get(out, y * rowBytes, rowBytes);
        }
        framesRead++;
        return frame.timestamp / 1000;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public double frameRate() {
        return grabber.getFrameRate();
    }

    /** Frames in the container's header, or 0 when unknown (live streams). */
    public int lengthInFrames() {
        return Math.max(0, grabber.getLengthInVideoFrames());
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception ignored) {
            // nothing more to release
        }
    }
}
