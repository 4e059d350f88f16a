package io.s2vc.cli;

/** A failure caused by the user's input; its message is printed as the one line. */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }
}
