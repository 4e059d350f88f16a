package io.s2vc.config;

/** A configuration value or key that cannot be used; its message is meant for the user as is. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
