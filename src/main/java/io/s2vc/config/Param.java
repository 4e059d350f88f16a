package io.s2vc.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One setting of the catalogue, declared once: its key, type, default, what values it allows, unit, where the default
 * comes from and what it means. {@link #parse} turns the text of a YAML profile or {@code --set} into the typed value
 * and refuses, with a message naming the key, what the type or the validator does not allow.
 *
 * @param <T> the type stages receive (never a string to be parsed again, unless the setting is text)
 */
public final class Param<T> {
    private final String key;
    private final String type;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final T defaultValue;
    private final ParamValidator<T> validator;
    private final List<String> choices;
    private final String unit;
    private final Source source;
    private final String description;

    private Param(String key, String type, Function<String, T> parser, Function<T, String> formatter, T defaultValue,
            ParamValidator<T> validator, List<String> choices, String unit, Source source, String description) {
        this.key = key;
        this.type = type;
        this.parser = parser;
        this.formatter = formatter;
        this.defaultValue = defaultValue;
        this.validator = validator;
        this.choices = List.copyOf(choices);
        this.unit = unit;
        this.source = source;
        this.description = description;
    }

    private static <T> Param<T> of(String key, String type, Function<String, T> parser, Function<T, String> formatter,
            T defaultValue, ParamValidator<T> validator) {
        return new Param<>(key, type, parser, formatter, defaultValue, validator, List.of(), "", Source.OURS, "");
    }

    public static Param<Integer> integer(String key, int defaultValue, ParamValidator<Integer> validator) {
        return of(key, "integer", text -> Integer.valueOf(text.trim()), String::valueOf, defaultValue, validator);
    }

    public static Param<Long> longInteger(String key, long defaultValue, ParamValidator<Long> validator) {
        return of(key, "integer", text -> Long.valueOf(text.trim()), String::valueOf, defaultValue, validator);
    }

    public static Param<Double> number(String key, double defaultValue, ParamValidator<Double> validator) {
        return of(key, "number", text -> Double.valueOf(text.trim()), String::valueOf, defaultValue, validator);
    }

    public static Param<Boolean> flag(String key, boolean defaultValue) {
        return of(key, "true or false", Param::parseBoolean, String::valueOf, defaultValue, ParamValidator.any());
    }

    public static Param<String> text(String key, String defaultValue, ParamValidator<String> validator) {
        return of(key, "text", String::trim, v -> v, defaultValue, validator);
    }

    /** One of a fixed list of words. */
    public static Param<String> choice(String key, String defaultValue, List<String> allowed) {
        return of(key, "choice", String::trim, v -> v, defaultValue,
                ParamValidator.<String>of(allowed::contains, "one of " + String.join(", ", allowed)))
                .withChoices(allowed);
    }

    /** One constant of {@code type}, written in lower case with '-' for '_' (SHUFFLE_CLIP is shuffle-clip). */
    public static <E extends Enum<E>> Param<E> choice(String key, E defaultValue, Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Param::wireName).toList();
        Function<String, E> parser = text -> {
            for (E constant : type.getEnumConstants()) {
                if (wireName(constant).equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("one of " + String.join(", ", names));
        };
        return of(key, "choice", parser, Param::wireName, defaultValue,
                ParamValidator.<E>of(v -> true, "one of " + String.join(", ", names))).withChoices(names);
    }

    /** Comma-separated words of {@code allowed}, at least one. */
    public static Param<List<String>> choices(String key, List<String> defaultValue, List<String> allowed) {
        return of(key, "list of choices", Param::words, v -> String.join(",", v), defaultValue,
                ParamValidator.<List<String>>of(v -> !v.isEmpty() && allowed.containsAll(v),
                        "a comma-separated list of " + String.join(", ", allowed))).withChoices(allowed);
    }

    /** Comma-separated numbers; empty = none. */
    public static Param<List<Double>> numbers(String key, List<Double> defaultValue, ParamValidator<List<Double>> validator) {
        Function<String, List<Double>> parser = text -> words(text).stream().map(Double::valueOf).toList();
        return of(key, "list of numbers", parser, v -> v.stream().map(String::valueOf).collect(Collectors.joining(",")),
                defaultValue, validator);
    }

    /** Comma-separated integers >= 0 in ascending order (milestones); empty = none. */
    public static Param<List<Long>> ascending(String key, List<Long> defaultValue) {
        Function<String, List<Long>> parser = text -> words(text).stream().map(Long::valueOf).toList();
        ParamValidator<List<Long>> ascending = ParamValidator.of(v -> {
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i) < 0 || (i > 0 && v.get(i) <= v.get(i - 1))) {
                    return false;
                }
            }
            return true;
        }, "ascending integers >= 0, comma-separated");
        return of(key, "list of integers", parser, v -> v.stream().map(String::valueOf).collect(Collectors.joining(",")),
                defaultValue, ascending);
    }

    /** The words of a comma-separated list, trimmed, without empty ones. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String word : text.split(",")) {
            if (!word.isBlank()) {
                out.add(word.trim());
            }
        }
        return out;
    }

    private static Boolean parseBoolean(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.valueOf(t);
        }
        throw new IllegalArgumentException("true or false");
    }

    static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** This setting, documented: where its default comes from and what it means. */
    public Param<T> from(Source newSource, String newDescription) {
        return new Param<>(key, type, parser, formatter, defaultValue, validator, choices, unit, newSource, newDescription);
    }

    /** This setting with a unit (ms, px, steps, ...), for the reference. */
    public Param<T> in(String newUnit) {
        return new Param<>(key, type, parser, formatter, defaultValue, validator, choices, newUnit, source, description);
    }

    private Param<T> withChoices(List<String> newChoices) {
        return new Param<>(key, type, parser, formatter, defaultValue, validator, newChoices, unit, source, description);
    }

    /**
     * The typed value of {@code text}.
     *
     * @throws ConfigException naming the key, the value and what it must be
     */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(Objects.requireNonNull(text));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " must be " + (choices.isEmpty() ? article(type) : allowed()) + ", got '"
                    + text + "'");
        }
        if (!validator.test(value)) {
            throw new ConfigException(key + " must be " + validator.describe() + ", got '" + text + "'");
        }
        return value;
    }

    private static String article(String type) {
        return type.startsWith("integer") ? "an integer" : type.startsWith("number") ? "a number"
                : type.startsWith("list") ? "a " + type + ", comma-separated" : type;
    }

    /** The text of {@code value} as a profile or {@code --set} would write it. */
    public String format(T value) {
        return formatter.apply(value);
    }

    public String key() {
        return key;
    }

    public String type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** What the value must be, in words ("in [0.0, 1.0]", "one of zero, noise"), or empty. */
    public String allowed() {
        return validator.describe();
    }

    public List<String> choices() {
        return choices;
    }

    public String unit() {
        return unit;
    }

    public Source source() {
        return source;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return key;
    }
}
