package io.s2vc.video;

import java.io.IOException;

/**
 * Cuts windows of T frames, {@code frameStep} apart, starting every {@code stride} frames, from a
 * sequential decode: only the frames of one window span are held, nothing seeks, and the video is
 * never decoded as a whole. A video shorter than one span yields a single window left-padded with
 * its first frame, as the official code pads short videos.
 */
public final class ClipWindower {
    /** Receives each window as it is cut. */
    @FunctionalInterface
    public interface WindowSink {
        void accept(int clipIndex, long startTimeMs, Clip clip) throws IOException;
    }

    private final int frames;
    private final int frameStep;
    private final int stride;

    public ClipWindower(int frames, int frameStep, int stride) {
        if (frames < 1 || frameStep < 1 || stride < 1) {
            throw new IllegalArgumentException("frames, frame step and stride must be >= 1");
        }
        this.frames = frames;
        this.frameStep = frameStep;
        this.stride = stride;
    }

    /** Frames covered by one window. */
    public int span() {
        return (frames - 1) * frameStep + 1;
    }

    /** Decodes {@code decoder} to its end; returns the number of windows emitted. */
    public int cut(VideoDecoder decoder, WindowSink sink) throws IOException {
        return cut(decoder, sink, Long.MAX_VALUE);
    }

    /** As {@link #cut(VideoDecoder, WindowSink)}, stopping after {@code maxWindows}. */
    public int cut(VideoDecoder decoder, WindowSink sink, long maxWindows) throws IOException {
        int frameBytes = decoder.height() * decoder.width() * Clip.CHANNELS;
        int span = span();
        byte[][] ring = new byte[span][frameBytes];
        long[] times = new long[span];
        long decoded = 0;
        int windows = 0;
        while (windows < maxWindows) {
            int slot = (int) (decoded % span);
            long time = decoder.next(ring[slot]);
            if (time < 0) {
                break;
            }
            times[slot] = time;
            decoded++;
            long first = decoded - span;
            if (first >= 0 && first % stride == 0) {
                byte[] rgb = new byte[frames * frameBytes];
                for (int t = 0; t < frames; t++) {
                    int src = (int) ((first + (long) t * frameStep) % span);
                    System.arraycopy(ring[src], 0, rgb, t * frameBytes, frameBytes);
                }
                sink.accept(windows++, times[(int) (first % span)],
                        new Clip(frames, decoder.height(), decoder.width(), rgb));
            }
        }
        if (windows == 0 && decoded > 0) {
            sink.accept(windows++, times[0], padded(ring, decoded, frameBytes, decoder));
        }
        return windows;
    }

    /** The official left padding: the leading slots repeat frame 0, the real frames go last. */
    private Clip padded(byte[][] ring, long decoded, int frameBytes, VideoDecoder decoder) {
        byte[] rgb = new byte[frames * frameBytes];
        int available = (int) ((decoded - 1) / frameStep + 1);
        int pad = frames - available;
        for (int t = 0; t < frames; t++) {
            int source = t < pad ? 0 : (t - pad) * frameStep;
            System.arraycopy(ring[source], 0, rgb, t * frameBytes, frameBytes);
        }
        return new Clip(frames, decoder.height(), decoder.width(), rgb);
    }
}
