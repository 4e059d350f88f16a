package io.s2vc.config;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A condition on a setting's typed value, with the words that describe it: the error says "KEY must be
 * {@link #describe()}" and the configuration reference prints the same words.
 */
public interface ParamValidator<T> {
    boolean test(T value);

    /** What the value must be, e.g. "in [0.0, 1.0]" or "at least 1"; empty when anything of the type is allowed. */
    String describe();

    static <T> ParamValidator<T> any() {
        return of(v -> true, "");
    }

    static <T extends Comparable<T>> ParamValidator<T> atLeast(T min) {
        return of(v -> v.compareTo(min) >= 0, ">= " + min);
    }

    static ParamValidator<Double> between(double min, double max) {
        return of(v -> v >= min && v <= max, "in [" + min + ", " + max + "]");
    }

    static ParamValidator<Integer> between(int min, int max) {
        return of(v -> v >= min && v <= max, "in [" + min + ", " + max + "]");
    }

    static ParamValidator<String> notBlank() {
        return of(v -> !v.isBlank(), "not empty");
    }

    /** The whole text matches {@code regex}; {@code words} say what that means to a user. */
    static ParamValidator<String> matches(String regex, String words) {
        Pattern pattern = Pattern.compile(regex);
        return of(v -> pattern.matcher(v).matches(), words);
    }

    static <T> ParamValidator<T> of(Predicate<T> test, String description) {
        return new ParamValidator<>() {
            @Override
            public boolean test(T value) {
                return test.test(value);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
