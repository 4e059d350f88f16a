package io.s2vc.video;

import java.util.Arrays;

/**
 * A clip of T RGB frames as uint8, frame-major T×H×W×3: the layout that travels in Avro records.
 * Frames stay as bytes until a tensor operator needs them (one copy in, one copy out).
 */
public final class Clip {
    public static final int CHANNELS = 3;

    private final int frames;
    private final int height;
    private final int width;
    private final byte[] rgb;

    public Clip(int frames, int height, int width, byte[] rgb) {
        if (frames < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "clip shape must be positive, got " + frames + "x" + height + "x" + width);
        }
        long expected = (long) frames * height * width * CHANNELS;
        if (rgb.length != expected) {
            throw new IllegalArgumentException("clip of " + frames + "x" + height + "x" + width + "x3 needs "
                    + expected + " bytes, got " + rgb.length);
        }
        this.frames = frames;
        this.height = height;
        this.width = width;
        this.rgb = rgb;
    }

    public static Clip zeros(int frames, int height, int width) {
        return new Clip(frames, height, width, new byte[frames * height * width * CHANNELS]);
    }

    public int frames() {
        return frames;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The backing array (not copied: clips are large and handed along, not shared for writing). */
    public byte[] rgb() {
        return rgb;
    }

    public int frameBytes() {
        return height * width * CHANNELS;
    }

    /** Offset of pixel (t, y, x), channel 0, in {@link #rgb()}. */
    public int offset(int t, int y, int x) {
        return ((t * height + y) * width + x) * CHANNELS;
    }

    /** The centred square of side min(H, W) of every frame (the evaluation crop). */
    public Clip centerSquare() {
        int side = Math.min(height, width);
        int top = (height - side) / 2;
        int left = (width - side) / 2;
        byte[] out = new byte[frames * side * side * CHANNELS];
        int row = side * CHANNELS;
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < side; y++) {
                System.arraycopy(rgb, offset(t, top + y, left), out, (t * side + y) * row, row);
            }
        }
        return new Clip(frames, side, side, out);
    }

    /** The same frames in the order {@code order} (frame t of the result is frame order[t] of this clip). */
    public Clip reorderFrames(int[] order) {
        if (order.length != frames) {
            throw new IllegalArgumentException(order.length + " frame indices for a clip of " + frames + " frames");
        }
        byte[] out = new byte[rgb.length];
        int size = frameBytes();
        for (int t = 0; t < frames; t++) {
            System.arraycopy(rgb, order[t] * size, out, t * size, size);
        }
        return new Clip(frames, height, width, out);
    }

    /** Value of one channel in [0, 255]. */
    public int get(int t, int y, int x, int c) {
        return rgb[offset(t, y, x) + c] & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Clip other && frames == other.frames && height == other.height
                && width == other.width && Arrays.equals(rgb, other.rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * frames + height) + width) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "Clip[" + frames + "x" + height + "x" + width + "x3]";
    }

    /** The clips' frames next to each other, left to right (all of the first clip's frames and height). */
    public static Clip sideBySide(java.util.List<Clip> clips) {
        Clip first = clips.get(0);
        int width = clips.stream().mapToInt(Clip::width).sum();
        byte[] rgb = new byte[first.frames() * first.height() * width * CHANNELS];
        for (int t = 0; t < first.frames(); t++) {
            for (int y = 0; y < first.height(); y++) {
                int to = ((t * first.height() + y) * width) * CHANNELS;
                for (Clip clip : clips) {
                    int rowBytes = clip.width() * CHANNELS;
                    System.arraycopy(clip.rgb(), clip.offset(t, y, 0), rgb, to, rowBytes);
                    to += rowBytes;
                }
            }
        }
        return new Clip(first.frames(), first.height(), width, rgb);
    }
}
