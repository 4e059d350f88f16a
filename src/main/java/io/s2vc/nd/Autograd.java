package io.s2vc.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd recording and back-propagation on the PyTorch engine, per thread.
 *
 * <p>Why not DJL's {@code GradientCollector}: the PyTorch one allows a single open collector per JVM
 * (a static flag), so two training operators in one Flink task manager (this trainer and the flow's
 * pre-training, say) would fail. PyTorch's grad mode itself is per thread, which is all a training
 * step needs. DJL switches grad mode off only on the thread that loads the engine; on any other thread
 * it starts on, so inference and in-place parameter updates must switch it off explicitly.
 */
public final class Autograd {
    private Autograd() {
    }

    /** Records an autograd graph on this thread until the scope is closed. */
    public static Scope record() {
        return Scope.switchTo(true);
    }

    /** No autograd graph on this thread until the scope is closed (inference, in-place updates). */
    public static Scope pause() {
        return Scope.switchTo(false);
    }

    /** Back-propagates a scalar loss into the {@code .grad} of every leaf that requires a gradient (accumulating). */
    public static void backward(NDArray loss) {
        if (loss.getShape().size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss, got shape " + loss.getShape());
        }
        try (NDArray seed = loss.getManager().ones(loss.getShape(), loss.getDataType())) {
            JniUtils.backward(asPyTorch(loss), asPyTorch(seed), false, false);
        }
    }

    private static PtNDArray asPyTorch(NDArray array) {
        if (array instanceof PtNDArray pt) {
            return pt;
        }
        throw new UnsupportedOperationException("training runs on the PyTorch engine only, got "
                + array.getManager().getEngine().getEngineName());
    }

    /** Restores the thread's previous grad mode on close. */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;

        private Scope(boolean previous) {
            this.previous = previous;
        }

        private static Scope switchTo(boolean enabled) {
            boolean previous = JniUtils.isGradMode();
            JniUtils.setGradMode(enabled);
            return new Scope(previous);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
