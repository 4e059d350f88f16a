package io.s2vc.transport.avro;

import io.s2vc.avro.ClipData;
import io.s2vc.avro.ClipWindow;
import io.s2vc.video.Clip;
import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * Checks a {@link ClipWindow} before anything computes on it, and converts between the wire
 * records and {@link Clip}. Every refusal says what is wrong, for the dead-letter topic.
 */
public final class ClipRecords implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The suppression's temporal std needs at least two frames. */
    public static final int MIN_FRAMES = 2;

    private final int maxFrames;
    private final int maxSide;

    public ClipRecords(int maxFrames, int maxSide) {
        this.maxFrames = maxFrames;
        this.maxSide = maxSide;
    }

    /** @throws RecordDecodeException when the window is malformed or absurd */
    public Clip toClip(ClipWindow window) {
        int t = window.getFrameCount();
        int h = window.getHeight();
        int w = window.getWidth();
        if (!"rgb24".equals(window.getPixelFormat())) {
            throw new RecordDecodeException("unsupported pixel format '" + window.getPixelFormat() + "' (only rgb24)");
        }
        if (t < MIN_FRAMES) {
            throw new RecordDecodeException("frame count " + t + " < " + MIN_FRAMES);
        }
        if (t > maxFrames) {
            throw new RecordDecodeException("frame count " + t + " exceeds limits.max_frames=" + maxFrames);
        }
        if (h < 1 || w < 1 || h > maxSide || w > maxSide) {
            throw new RecordDecodeException("absurd frame size " + h + "x" + w + " (limits.max_side=" + maxSide + ")");
        }
        ByteBuffer data = window.getFrames();
        long expected = (long) t * h * w * Clip.CHANNELS;
        if (data.remaining() != expected) {
            throw new RecordDecodeException("frame bytes " + data.remaining() + " != T*H*W*3 = " + t + "*" + h
                    + "*" + w + "*3 = " + expected);
        }
        return new Clip(t, h, w, bytesOf(data));
    }

    public static ClipData toClipData(Clip clip) {
        return ClipData.newBuilder()
                .setFrames(clip.frames())
                .setHeight(clip.height())
                .setWidth(clip.width())
                .setData(ByteBuffer.wrap(clip.rgb()))
                .build();
    }

    /** @throws RecordDecodeException when the shape and the bytes disagree */
    public static Clip fromClipData(ClipData data) {
        if (data.getFrames() < 1 || data.getHeight() < 1 || data.getWidth() < 1) {
            throw new RecordDecodeException("clip shape " + data.getFrames() + "x" + data.getHeight() + "x"
                    + data.getWidth() + " is not positive");
        }
        ByteBuffer bytes = data.getData();
        long expected = (long) data.getFrames() * data.getHeight() * data.getWidth() * Clip.CHANNELS;
        if (bytes.remaining() != expected) {
            throw new RecordDecodeException("clip bytes " + bytes.remaining() + " != " + expected + " for shape "
                    + data.getFrames() + "x" + data.getHeight() + "x" + data.getWidth() + "x3");
        }
        return new Clip(data.getFrames(), data.getHeight(), data.getWidth(), bytesOf(bytes));
    }

    /** The bytes without a copy when the buffer wraps a whole array (the common case after decode). */
    static byte[] bytesOf(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
