package io.s2vc.train;

import java.nio.file.Path;

/** A model checkpoint that cannot be used, with the reason. */
public final class CorruptCheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    public CorruptCheckpointException(Path dir, String reason) {
        this(dir.toString(), reason);
    }

    public CorruptCheckpointException(String location, String reason) {
        super("model checkpoint " + location + " refused: " + reason);
    }
}
