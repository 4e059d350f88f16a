package io.s2vc.flow;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns autograd recording off for an inference call and restores the previous state on close.
 *
 * <p>PyTorch's grad mode is per thread. DJL switches it off only on the thread that loads the engine,
 * so on any other thread (a Flink task, say) an inference pass over parameters that require gradients
 * would build an autograd graph and keep every activation alive until the result is freed. An
 * optimiser needs it too: PyTorch refuses in-place updates of parameters while recording.
 */
public final class InferenceGuard implements AutoCloseable {
    private final boolean restore;

    private InferenceGuard(boolean restore) {
        this.restore = restore;
    }

    /** Switches autograd recording off on this thread, if it is on, until {@link #close}. */
    public static InferenceGuard enter(NDManager manager) {
        if (!"PyTorch".equals(manager.getEngine().getEngineName()) || !JniUtils.isGradMode()) {
            return new InferenceGuard(false);
        }
        JniUtils.setGradMode(false);
        return new InferenceGuard(true);
    }

    @Override
    public void close() {
        if (restore) {
            JniUtils.setGradMode(true);
        }
    }
}
