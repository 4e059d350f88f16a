package io.s2vc.stream.runtime;

/**
 * How long a streaming job runs: unbounded (the default), over exactly {@code maxRecords} input
 * records, and/or until its input has been idle for {@code idleSeconds}.
 */
public record InputBound(long maxRecords, double idleSeconds) {
    public static final InputBound UNBOUNDED = new InputBound(0, 0);

    public InputBound {
        if (maxRecords < 0 || idleSeconds < 0) {
            throw new IllegalArgumentException("--max-records and --until-idle must be >= 0");
        }
    }

    public boolean hasMaxRecords() {
        return maxRecords > 0;
    }

    public boolean hasIdleTimeout() {
        return idleSeconds > 0;
    }

    public boolean isUnbounded() {
        return !hasMaxRecords() && !hasIdleTimeout();
    }
}
