package io.s2vc.video;

import java.util.SplittableRandom;

/** Packed 0xRRGGBB colours drawn in HSV, where saturation and brightness are easy to bound. */
final class Colors {
    /** Backgrounds pair colours whose brightness differs at least this much, so textures stay visible. */
    private static final double MIN_BRIGHTNESS_GAP = 0.35;

    private Colors() {
    }

    static int hsv(double hue, double saturation, double value) {
        double h = (hue - Math.floor(hue)) * 6;
        int sector = (int) h;
        double f = h - sector;
        double p = value * (1 - saturation);
        double q = value * (1 - saturation * f);
        double t = value * (1 - saturation * (1 - f));
        return switch (sector) {
            case 0 -> rgb(value, t, p);
            case 1 -> rgb(q, value, p);
            case 2 -> rgb(p, value, t);
            case 3 -> rgb(p, q, value);
            case 4 -> rgb(t, p, value);
            default -> rgb(value, p, q);
        };
    }

    static int random(SplittableRandom random, double minSaturation, double maxSaturation, double minValue,
            double maxValue) {
        return hsv(random.nextDouble(), random.nextDouble(minSaturation, maxSaturation),
                random.nextDouble(minValue, maxValue));
    }

    /** Two background colours of any hues whose brightness differs by at least {@value #MIN_BRIGHTNESS_GAP}. */
    static int[] contrastingPair(SplittableRandom random) {
        double firstValue = random.nextDouble(0.2, 0.95);
        boolean canBeDarker = firstValue - MIN_BRIGHTNESS_GAP >= 0.1;
        boolean canBeLighter = firstValue + MIN_BRIGHTNESS_GAP <= 1;
        boolean darker = canBeDarker && (!canBeLighter || random.nextBoolean());
        double secondValue = darker
                ? random.nextDouble(0.1, firstValue - MIN_BRIGHTNESS_GAP + 1e-9)
                : random.nextDouble(firstValue + MIN_BRIGHTNESS_GAP, 1 + 1e-9);
        return new int[] {
            hsv(random.nextDouble(), random.nextDouble(0.15, 0.9), firstValue),
            hsv(random.nextDouble(), random.nextDouble(0.15, 0.9), Math.min(1, secondValue))
        };
    }

    /** Perceived brightness in [0, 255] (Rec. 601 weights). */
    static double luma(int rgb) {
        return 0.299 * red(rgb) + 0.587 * green(rgb) + 0.114 * blue(rgb);
    }

    /** Linear mix: {@code amount} 0 gives {@code from}, 1 gives {@code to}. */
    static int lerp(int from, int to, double amount) {
        double a = Math.max(0, Math.min(1, amount));
        return (channel(red(from) + a * (red(to) - red(from))) << 16)
                | (channel(green(from) + a * (green(to) - green(from))) << 8)
                | channel(blue(from) + a * (blue(to) - blue(from)));
    }

    static int red(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    static int green(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    static int blue(int rgb) {
        return rgb & 0xFF;
    }

    private static int rgb(double r, double g, double b) {
        return (channel(r * 255) << 16) | (channel(g * 255) << 8) | channel(b * 255);
    }

    private static int channel(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
