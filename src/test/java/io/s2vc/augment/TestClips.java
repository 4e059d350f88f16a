package io.s2vc.augment;

import io.s2vc.video.Clip;
import java.util.SplittableRandom;

/** Small synthetic clips for the augmentation tests. */
final class TestClips {
    private TestClips() {
    }

    static Clip uniform(int frames, int height, int width, int red, int green, int blue) {
        byte[] rgb = new byte[frames * height * width * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) red;
            rgb[i + 1] = (byte) green;
            rgb[i + 2] = (byte) blue;
        }
        return new Clip(frames, height, width, rgb);
    }

    /** Independent random bytes everywhere. */
    static Clip noise(int frames, int height, int width, long seed) {
        byte[] rgb = new byte[frames * height * width * 3];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) random.nextInt(256);
        }
        return new Clip(frames, height, width, rgb);
    }

    /** The same random colourful frame repeated {@code frames} times. */
    static Clip repeatedFrame(int frames, int height, int width, long seed) {
        Clip one = noise(1, height, width, seed);
        byte[] rgb = new byte[frames * one.frameBytes()];
        for (int t = 0; t < frames; t++) {
            System.arraycopy(one.rgb(), 0, rgb, t * one.frameBytes(), one.frameBytes());
        }
        return new Clip(frames, height, width, rgb);
    }

    /** Smooth colour waves drifting over time plus light noise: closer to natural video than {@link #noise}. */
    static Clip smoothWaves(int frames, int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Clip clip = Clip.zeros(frames, height, width);
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        double wave = Math.sin(0.04 * (c + 1) * x + 0.03 * (3 - c) * y + 0.2 * t);
                        int value = (int) (128 + 100 * wave + 6 * random.nextDouble());
                        clip.rgb()[clip.offset(t, y, x) + c] = (byte) Math.min(255, Math.max(0, value));
                    }
                }
            }
        }
        return clip;
    }

    /** Red increases with x, green and blue constant. */
    static Clip horizontalRamp(int frames, int height, int width) {
        Clip clip = Clip.zeros(frames, height, width);
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int offset = clip.offset(t, y, x);
                    clip.rgb()[offset] = (byte) (x * 255 / (width - 1));
                    clip.rgb()[offset + 1] = (byte) 100;
                    clip.rgb()[offset + 2] = (byte) 50;
                }
            }
        }
        return clip;
    }

    static byte[] frame(Clip clip, int t) {
        byte[] frame = new byte[clip.frameBytes()];
        System.arraycopy(clip.rgb(), t * clip.frameBytes(), frame, 0, clip.frameBytes());
        return frame;
    }

    /** A random float frame (rows of interleaved RGB), values in [0, 255]. */
    static float[][] randomFloatFrame(int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] frame = FloatPixels.newFrame(height, width);
        for (float[] row : frame) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (255 * random.nextDouble());
            }
        }
        return frame;
    }

    static float[][] copy(float[][] frame) {
        float[][] copy = new float[frame.length][];
        for (int y = 0; y < frame.length; y++) {
            copy[y] = frame[y].clone();
        }
        return copy;
    }
}
