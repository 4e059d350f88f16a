package io.s2vc.video;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Procedural texture families for the static backgrounds. A family fixes the kind of pattern; every
 * video draws its own colours, scale, orientation and phase within the family, so the family, not a
 * particular image, is what can correlate with a class. All families draw colours from the same
 * distribution ({@link Colors#contrastingPair}), so colour alone does not reveal the family.
 *
 * <p>Lengths are fractions of the shorter frame side ({@code unit}), so a family looks alike at any
 * frame size; at 160×120 stripe periods are 8–19 pixels, about 4–10 after down-sampling to 64×64.
 */
public enum BackgroundFamily {
    /** Hard-edged parallel stripes at any angle. */
    STRIPES {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            double angle = random.nextDouble(Math.PI);
            double period = unit(width, height) * random.nextDouble(0.07, 0.16);
            double duty = random.nextDouble(0.35, 0.65);
            double phase = random.nextDouble();
            double ux = Math.cos(angle) / period;
            double uy = Math.sin(angle) / period;
            return (x, y) -> fraction(x * ux + y * uy + phase) < duty ? colors[0] : colors[1];
        }
    },
    /** Axis-aligned checkerboard. */
    CHECKERBOARD {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            double cell = unit(width, height) * random.nextDouble(0.08, 0.18);
            double offsetX = random.nextDouble(cell);
            double offsetY = random.nextDouble(cell);
            return (x, y) -> Math.floorMod((long) Math.floor((x + offsetX) / cell)
                    + (long) Math.floor((y + offsetY) / cell), 2) == 0 ? colors[0] : colors[1];
        }
    },
    /** Discs on a square or staggered lattice. */
    DOTS {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            double spacing = unit(width, height) * random.nextDouble(0.1, 0.2);
            double radius = spacing * random.nextDouble(0.2, 0.35);
            boolean staggered = random.nextBoolean();
            double offsetX = random.nextDouble(spacing);
            double offsetY = random.nextDouble(spacing);
            return (x, y) -> {
                double row = Math.floor((y + offsetY) / spacing);
                double shift = staggered && ((long) row & 1) == 1 ? spacing / 2 : 0;
                double dx = fraction((x + offsetX + shift) / spacing) - 0.5;
                double dy = fraction((y + offsetY) / spacing) - 0.5;
                return Math.hypot(dx, dy) * spacing < radius ? colors[1] : colors[0];
            };
        }
    },
    /** Smooth value-noise blobs of two octaves. */
    VALUE_NOISE {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            double cell = unit(width, height) * random.nextDouble(0.15, 0.35);
            long coarseSeed = random.nextLong();
            long fineSeed = random.nextLong();
            return (x, y) -> {
                double value = 0.65 * valueNoise(coarseSeed, x / cell, y / cell)
                        + 0.35 * valueNoise(fineSeed, 2.3 * x / cell, 2.3 * y / cell);
                return Colors.lerp(colors[0], colors[1], smoothstep((value - 0.25) / 0.5));
            };
        }
    },
    /** Hard-edged concentric rings around a centre that may lie outside the frame. */
    RINGS {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            double centreX = random.nextDouble(-0.5, 1.5) * width;
            double centreY = random.nextDouble(-0.5, 1.5) * height;
            double period = unit(width, height) * random.nextDouble(0.07, 0.15);
            double phase = random.nextDouble();
            return (x, y) -> fraction(Math.hypot(x - centreX, y - centreY) / period + phase) < 0.5
                    ? colors[0] : colors[1];
        }
    },
    /** A linear gradient quantised into 3–6 wide bands. */
    GRADIENT_BANDS {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            double angle = random.nextDouble(2 * Math.PI);
            int bands = random.nextInt(3, 7);
            double diagonal = Math.hypot(width, height);
            double ux = Math.cos(angle) / diagonal;
            double uy = Math.sin(angle) / diagonal;
            double centreX = width / 2.0;
            double centreY = height / 2.0;
            return (x, y) -> {
                double along = (x - centreX) * ux + (y - centreY) * uy + 0.5;
                int band = (int) Math.max(0, Math.min(bands - 1, Math.floor(along * bands)));
                return Colors.lerp(colors[0], colors[1], band / (bands - 1.0));
            };
        }
    },
    /** Thin axis-aligned grid lines on a plain ground. */
    GRID {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            double spacing = unit(width, height) * random.nextDouble(0.1, 0.2);
            double lineWidth = Math.max(1.2, unit(width, height) * random.nextDouble(0.012, 0.03));
            double offsetX = random.nextDouble(spacing);
            double offsetY = random.nextDouble(spacing);
            return (x, y) -> fraction((x + offsetX) / spacing) * spacing < lineWidth
                    || fraction((y + offsetY) / spacing) * spacing < lineWidth ? colors[1] : colors[0];
        }
    },
    /** Stripes bent by a sine wave. */
    WAVES {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            double unit = unit(width, height);
            double angle = random.nextDouble(Math.PI);
            double period = unit * random.nextDouble(0.08, 0.16);
            double amplitude = unit * random.nextDouble(0.03, 0.08);
            double wavelength = unit * random.nextDouble(0.25, 0.5);
            double phase = random.nextDouble();
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            return (x, y) -> {
                double along = x * cos + y * sin;
                double across = -x * sin + y * cos;
                double bent = across + amplitude * Math.sin(2 * Math.PI * along / wavelength);
                return fraction(bent / period + phase) < 0.5 ? colors[0] : colors[1];
            };
        }
    },
    /** Two crossing soft sine gratings blended over a ground colour. */
    PLAID {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            int third = Colors.random(random, 0.3, 0.9, 0.3, 0.9);
            double unit = unit(width, height);
            double angle = random.nextDouble(Math.PI);
            double crossing = angle + Math.PI / 2 + random.nextDouble(-0.3, 0.3);
            double period1 = unit * random.nextDouble(0.1, 0.2);
            double period2 = unit * random.nextDouble(0.1, 0.2);
            double phase1 = random.nextDouble(2 * Math.PI);
            double phase2 = random.nextDouble(2 * Math.PI);
            return (x, y) -> {
                double g1 = 0.5 + 0.5 * Math.sin(2 * Math.PI * (x * Math.cos(angle) + y * Math.sin(angle)) / period1 + phase1);
                double g2 = 0.5 + 0.5 * Math.sin(2 * Math.PI * (x * Math.cos(crossing) + y * Math.sin(crossing)) / period2 + phase2);
                return Colors.lerp(Colors.lerp(colors[0], colors[1], g1), third, 0.6 * g2);
            };
        }
    },
    /** Small square cells of three random colours. */
    SPECKLE {
        @Override
        Texture create(SplittableRandom random, int width, int height) {
            int[] colors = Colors.contrastingPair(random);
            int third = Colors.lerp(colors[0], colors[1], 0.5);
            double cell = Math.max(1.5, unit(width, height) * random.nextDouble(0.015, 0.035));
            long cellSeed = random.nextLong();
            int[] palette = {colors[0], colors[1], third};
            return (x, y) -> palette[(int) (3 * SyntheticSeeds.hashToUnit(cellSeed,
                    (long) Math.floor(x / cell), (long) Math.floor(y / cell)))];
        }
    };

    /** Families implemented; {@code families} options range up to this. */
    public static final int COUNT = values().length;

    /** Draws one background of this family for a frame of {@code width}×{@code height}. */
    abstract Texture create(SplittableRandom random, int width, int height);

    /** Lower-case name as written in the metadata, e.g. "value_noise". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static double unit(int width, int height) {
        return Math.min(width, height);
    }

    private static double fraction(double value) {
        return value - Math.floor(value);
    }

    private static double smoothstep(double t) {
        double c = Math.max(0, Math.min(1, t));
        return c * c * (3 - 2 * c);
    }

    /** Bilinear interpolation, with smoothstep weights, of random values on the integer lattice. */
    private static double valueNoise(long seed, double x, double y) {
        long i = (long) Math.floor(x);
        long j = (long) Math.floor(y);
        double fx = smoothstep(x - i);
        double fy = smoothstep(y - j);
        double top = SyntheticSeeds.hashToUnit(seed, i, j) * (1 - fx) + SyntheticSeeds.hashToUnit(seed, i + 1, j) * fx;
        double bottom = SyntheticSeeds.hashToUnit(seed, i, j + 1) * (1 - fx) + SyntheticSeeds.hashToUnit(seed, i + 1, j + 1) * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
