package io.s2vc.augment;

/**
 * torchvision's {@code adjust_hue}: RGB → HSV, h = (h + shift) mod 1, HSV → RGB.
 *
 * <p>A hue rotation keeps each pixel's max and min and moves only its middle value, so the HSV round trip
 * reduces to: find the hue sector (six per turn) and the fraction f within it, then write max, min and
 * the middle value (min + chroma·f on even sectors, max − chroma·f on odd ones) into the channels that
 * sector assigns them. This is the same piecewise-linear function as torchvision's six-case conversion,
 * written with integer arithmetic instead of branches: on noisy frames those branches mispredict and
 * made this loop the slowest of the query view.
 */
final class HueShift {
    private HueShift() {
    }

    /**
     * Rotates the hue of every pixel by {@code shift} turns (torchvision's hue_factor, in [−0.5, 0.5]).
     * Pixel values must be non-negative, as every frame of this package is.
     */
    static void apply(float[][] frame, float shift) {
        // One extra full turn keeps the shifted hue positive, so truncation is floor.
        float sectorOffset = 6f * shift + 6f;
        for (float[] row : frame) {
            shiftRow(row, sectorOffset);
        }
    }

    private static void shiftRow(float[] rgb, float sectorOffset) {
        for (int i = 0; i < rgb.length; i += 3) {
            // Non-negative floats order like their bit patterns, and int max/min/compare compile to
            // branch-free instructions.
            int redBits = Float.floatToRawIntBits(rgb[i]);
            int greenBits = Float.floatToRawIntBits(rgb[i + 1]);
            int blueBits = Float.floatToRawIntBits(rgb[i + 2]);
            int maxBits = Math.max(redBits, Math.max(greenBits, blueBits));
            float max = Float.intBitsToFloat(maxBits);
            float min = Float.intBitsToFloat(Math.min(redBits, Math.min(greenBits, blueBits)));
            float chroma = max - min;

            // Hue in sectors = 2·(channel of the max) + (next channel − previous channel) / chroma, with
            // torchvision's tie-breaking (red wins, then green). Adding MIN_NORMAL changes no chroma of these
            // frames (far below its ulp) but turns 0/0 of grey pixels into 0; they keep max = min.
            int maxChannel = maxBits == redBits ? 0 : (maxBits == greenBits ? 1 : 2);
            int next = maxChannel == 2 ? 0 : maxChannel + 1;
            int previous = maxChannel == 0 ? 2 : maxChannel - 1;
            float hue = 2f * maxChannel + (rgb[i + next] - rgb[i + previous]) / (chroma + Float.MIN_NORMAL)
                    + sectorOffset;

            int whole = (int) hue;
            int sector = whole % 6;
            float fraction = hue - whole;
            // Sectors 0..5 put the max on R, G, G, B, B, R and the min on B, B, R, R, G, G.
            int maxTarget = ((sector + 1) >> 1) % 3;
            int minTarget = ((sector >> 1) + 2) % 3;
            int middleTarget = 3 - maxTarget - minTarget;
            // The middle value rises through even sectors and falls through odd ones.
            float rise = fraction + (sector & 1) * (1f - 2f * fraction);
            rgb[i + maxTarget] = max;
            rgb[i + minTarget] = min;
            rgb[i + middleTarget] = min + chroma * rise;
        }
    }
}
