package io.s2vc.nd;

/**
 * Training stopped because gradients were not finite several steps in a row while the loss was finite:
 * garbage in a gradient (a native kernel fault), not divergence. Its message is one line that names the
 * parameter and the cause.
 */
public final class NonFiniteGradientException extends IllegalStateException {
    private final String parameter;

    NonFiniteGradientException(String message, String parameter) {
        super(message);
        this.parameter = parameter;
    }

    /** The first parameter whose gradient held a NaN or an infinity in the last skipped step. */
    public String parameter() {
        return parameter;
    }
}
