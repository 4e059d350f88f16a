package io.s2vc.cli;

import io.s2vc.config.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options that stand for catalogue keys (e.g. {@code --alpha} for {@code suppress.alpha}): each given
 * option becomes a {@code --set} override, applied after the user's own, so that the configuration is checked once,
 * when it is loaded, whichever way a value came in.
 */
final class KeyOptions {
    private final List<String> overrides = new ArrayList<>();

    /** Sets {@code param} to {@code value}, unless the option was not given (null). */
    <T> KeyOptions set(Param<T> param, T value) {
        if (value != null) {
            overrides.add(param.key() + "=" + param.format(value));
        }
        return this;
    }

    /** Sets {@code param} to the option's text as written (for words such as a strategy), unless null. */
    KeyOptions setText(Param<?> param, String text) {
        if (text != null) {
            overrides.add(param.key() + "=" + text);
        }
        return this;
    }

    List<String> overrides() {
        return List.copyOf(overrides);
    }
}
