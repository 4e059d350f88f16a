package io.s2vc.video;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic classes: each moves one foreground object in its own way and does nothing else.
 *
 * <p>Motions are sized to stay visible in a short clip at 64×64: translations cross half the frame,
 * rotations make 1.5 turns, growth spans a factor 2.5, oscillations make 2 cycles of ±20% of the frame.
 * Whatever a motion does not change is drawn per video from the same range every motion passes
 * through (position, angle, scale), so a single frame hardly tells the classes apart.
 */
public enum Motion {
    MOVE_RIGHT("MoveRight") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(TRAVEL * width * progress, 0, scale, angle, 0, 0);
        }
    },
    MOVE_LEFT("MoveLeft") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(-TRAVEL * width * progress, 0, scale, angle, 0, 0);
        }
    },
    MOVE_UP("MoveUp") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(0, -TRAVEL * height * progress, scale, angle, 0, 0);
        }
    },
    MOVE_DOWN("MoveDown") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(0, TRAVEL * height * progress, scale, angle, 0, 0);
        }
    },
    ROTATE_CLOCKWISE("RotateClockwise") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(0, 0, scale, angle + 2 * Math.PI * TURNS * progress, 0, 0);
        }
    },
    ROTATE_COUNTERCLOCKWISE("RotateCounterclockwise") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(0, 0, scale, angle - 2 * Math.PI * TURNS * progress, 0, 0);
        }
    },
    GROW("Grow") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(0, 0, MIN_SCALE * Math.pow(GROWTH, progress), angle, 0, 0);
        }
    },
    SHRINK("Shrink") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(0, 0, MAX_SCALE / Math.pow(GROWTH, progress), angle, 0, 0);
        }
    },
    OSCILLATE_HORIZONTAL("OscillateHorizontal") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(oscillation(progress) * width, 0, scale, angle, 0, 0);
        }
    },
    OSCILLATE_VERTICAL("OscillateVertical") {
        @Override
        FramePose relativePose(double progress, double angle, double scale, int width, int height) {
            return new FramePose(0, oscillation(progress) * height, scale, angle, 0, 0);
        }
    };

    /** Translation over the whole video, as a fraction of the frame side along the motion. */
    static final double TRAVEL = 0.5;
    /** Rotation over the whole video, in turns. */
    static final double TURNS = 1.5;
    /** Scale range of Grow and Shrink (a factor 2.5); other motions draw a fixed scale from it. */
    static final double MIN_SCALE = 0.6;
    static final double MAX_SCALE = 1.5;
    static final double GROWTH = MAX_SCALE / MIN_SCALE;
    /** Oscillation amplitude as a fraction of the frame side, and cycles over the video. */
    static final double OSCILLATION_AMPLITUDE = 0.2;
    static final double OSCILLATION_CYCLES = 2;

    /** Classes implemented; the {@code classes} option ranges up to this. */
    public static final int COUNT = values().length;

    private final String className;

    Motion(String className) {
        this.className = className;
    }

    /** The class folder and class index name, e.g. "MoveRight". */
    public String className() {
        return className;
    }

    /**
     * The pose at {@code progress} in [0, 1], with the centre relative to the start of the path.
     *
     * @param angle the video's initial angle
     * @param scale the video's scale, for motions that do not change it
     */
    abstract FramePose relativePose(double progress, double angle, double scale, int width, int height);

    /**
     * One pose per frame, with a random start that keeps the whole object inside the frame
     * (if the frame is too small for that, the path is centred).
     *
     * @param objectRadius the object's bounding radius in pixels at scale 1
     */
    List<FramePose> trajectory(SplittableRandom random, int frames, int width, int height, double objectRadius) {
        double angle = random.nextDouble(2 * Math.PI);
        return trajectory(random, frames, width, height, objectRadius, angle, randomScale(random));
    }

    /** Log-uniform: the distribution of scales Grow and Shrink pass through at constant speed. */
    static double randomScale(SplittableRandom random) {
        return MIN_SCALE * Math.pow(GROWTH, random.nextDouble());
    }

    /** One pose per frame from a given start angle and scale, at a random position inside the frame. */
    List<FramePose> trajectory(SplittableRandom random, int frames, int width, int height, double objectRadius,
            double angle, double scale) {
        List<FramePose> path = new ArrayList<>(frames);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        double reach = 0;
        for (int t = 0; t < frames; t++) {
            FramePose pose = relativePose(frames == 1 ? 0 : t / (frames - 1.0), angle, scale, width, height);
            path.add(pose);
            minX = Math.min(minX, pose.cx());
            maxX = Math.max(maxX, pose.cx());
            minY = Math.min(minY, pose.cy());
            maxY = Math.max(maxY, pose.cy());
            reach = Math.max(reach, objectRadius * pose.scale());
        }
        double startX = uniformOrMiddle(random, reach - minX, width - reach - maxX);
        double startY = uniformOrMiddle(random, reach - minY, height - reach - maxY);
        return path.stream()
                .map(pose -> new FramePose(startX + pose.cx(), startY + pose.cy(), pose.scale(), pose.angle(), 0, 0))
                .toList();
    }

    private static double oscillation(double progress) {
        return OSCILLATION_AMPLITUDE * Math.sin(2 * Math.PI * OSCILLATION_CYCLES * progress);
    }

    private static double uniformOrMiddle(SplittableRandom random, double low, double high) {
        return high > low ? random.nextDouble(low, high) : (low + high) / 2;
    }
}
