package io.s2vc.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Checks that a trajectory does what its motion's name says, and nothing else. */
final class MotionAssertions {
    private static final double STILL = 1e-3;

    private MotionAssertions() {
    }

    static void assertMovesAsNamed(Motion motion, List<FramePose> path, int width, int height, String video) {
        String what = motion.className() + " " + video;
        switch (motion) {
            case MOVE_RIGHT -> translates(path, FramePose::cx, FramePose::cy, +1, 0.4 * width, what);
            case MOVE_LEFT -> translates(path, FramePose::cx, FramePose::cy, -1, 0.4 * width, what);
            case MOVE_UP -> translates(path, FramePose::cy, FramePose::cx, -1, 0.4 * height, what);
            case MOVE_DOWN -> translates(path, FramePose::cy, FramePose::cx, +1, 0.4 * height, what);
            case ROTATE_CLOCKWISE -> changesOnly(path, FramePose::angle, +1, 2 * Math.PI, what);
            case ROTATE_COUNTERCLOCKWISE -> changesOnly(path, FramePose::angle, -1, 2 * Math.PI, what);
            case GROW -> {
                changesOnly(path, FramePose::scale, +1, 0, what);
                assertTrue(last(path).scale() / path.get(0).scale() > 2.4, what + " grows by less than 2.4");
            }
            case SHRINK -> {
                changesOnly(path, FramePose::scale, -1, 0, what);
                assertTrue(path.get(0).scale() / last(path).scale() > 2.4, what + " shrinks by less than 2.4");
            }
            case OSCILLATE_HORIZONTAL -> oscillates(path, FramePose::cx, FramePose::cy, 0.3 * width, what);
            case OSCILLATE_VERTICAL -> oscillates(path, FramePose::cy, FramePose::cx, 0.3 * height, what);
        }
    }

    private static void translates(List<FramePose> path, ToDoubleFunction<FramePose> along,
            ToDoubleFunction<FramePose> across, int direction, double minDistance, String what) {
        changes(path, along, direction, minDistance, what);
        assertConstant(path, across, what);
        assertConstant(path, FramePose::scale, what);
        assertConstant(path, FramePose::angle, what);
    }

    private static void changesOnly(List<FramePose> path, ToDoubleFunction<FramePose> value, int direction,
            double minChange, String what) {
        changes(path, value, direction, minChange, what);
        assertConstant(path, FramePose::cx, what);
        assertConstant(path, FramePose::cy, what);
    }

    private static void changes(List<FramePose> path, ToDoubleFunction<FramePose> value, int direction,
            double minChange, String what) {
        for (int t = 1; t < path.size(); t++) {
            double step = value.applyAsDouble(path.get(t)) - value.applyAsDouble(path.get(t - 1));
            assertTrue(step * direction > 0, what + " does not change monotonically at frame " + t);
        }
        double total = Math.abs(value.applyAsDouble(last(path)) - value.applyAsDouble(path.get(0)));
        assertTrue(total >= minChange, what + " changes by " + total + " < " + minChange);
    }

    private static void oscillates(List<FramePose> path, ToDoubleFunction<FramePose> along,
            ToDoubleFunction<FramePose> across, double minRange, String what) {
        int reversals = 0;
        double previousStep = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 1; t < path.size(); t++) {
            double step = along.applyAsDouble(path.get(t)) - along.applyAsDouble(path.get(t - 1));
            if (step * previousStep < 0) {
                reversals++;
            }
            previousStep = step;
            min = Math.min(min, along.applyAsDouble(path.get(t)));
            max = Math.max(max, along.applyAsDouble(path.get(t)));
        }
        assertTrue(reversals >= 3, what + " reverses only " + reversals + " times");
        assertTrue(max - min >= minRange, what + " spans only " + (max - min));
        assertConstant(path, across, what);
    }

    private static void assertConstant(List<FramePose> path, ToDoubleFunction<FramePose> value, String what) {
        for (FramePose pose : path) {
            assertEquals(value.applyAsDouble(path.get(0)), value.applyAsDouble(pose), STILL, what + " drifts");
        }
    }

    private static FramePose last(List<FramePose> path) {
        return path.get(path.size() - 1);
    }
}
