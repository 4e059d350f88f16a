package io.s2vc.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration: the {@link Catalogue}'s defaults overlaid by a profile and by {@code key=value} overrides, as flat
 * dotted keys. Every value is checked against its {@link Param} when the configuration is made, before any work starts;
 * unknown keys and values the catalogue does not allow are refused with one message naming them all, so that a typo
 * never silently falls back to a default. Stages read typed values with {@link #get(Param)}.
 */
public final class Config implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_PROFILE = "cpu-tiny";
    public static final List<String> BUILT_IN_PROFILES = List.of("cpu-tiny", "paper-r3d18", "paper-s3d");

    private final TreeMap<String, String> values;
    /** The typed value of every catalogue key (Integer, Double, an enum, a List, ...), by key. */
    private final HashMap<String, Object> typed;

    private Config(Map<String, String> values) {
        this.values = new TreeMap<>(values);
        this.typed = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Param<?> param : Catalogue.all()) {
            try {
                typed.put(param.key(), param.parse(this.values.get(param.key())));
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(Catalogue.checkTogether(this));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
    }

    /** The defaults overlaid by the built-in {@code cpu-tiny} profile. */
    public static Config defaultProfile() {
        return load(DEFAULT_PROFILE, List.of());
    }

    /**
     * @param profile a built-in profile name or a path to a YAML file
     * @param overrides {@code key=value} strings, applied last
     */
    public static Config load(String profile, List<String> overrides) {
        Map<String, String> merged = defaults();
        overlayProfile(merged, profile, new java.util.ArrayList<>());
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set takes key=value, got '" + override + "'");
            }
            overlay(merged, Map.of(override.substring(0, eq).trim(), override.substring(eq + 1).trim()), "--set");
        }
        return new Config(merged);
    }

    /** A copy with some keys changed (keys must exist). */
    public Config with(Map<String, String> changes) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        overlay(copy, changes, "override");
        return new Config(copy);
    }

    /** A copy with one key set to {@code text}, as {@code --set key=text} would. */
    public Config with(String key, String text) {
        return with(Map.of(key, text));
    }

    /** The typed value of {@code param}. */
    @SuppressWarnings("unchecked")
    public <T> T get(Param<T> param) {
        Object value = typed.get(param.key());
        if (value == null) {
            throw new ConfigException("unknown configuration key '" + param.key() + "'");
        }
        return (T) value;
    }

    /** A copy with {@code param} set to {@code value}. */
    public <T> Config with(Param<T> param, T value) {
        return with(Map.of(param.key(), param.format(value)));
    }

    /** The text of a key as the profile or {@code --set} wrote it (the settings digest of experiments reads these). */
    public String text(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new ConfigException("unknown configuration key '" + key + "'");
        }
        return value;
    }

    /** All keys under {@code prefix.} with the prefix removed (e.g. Kafka client properties). */
    public Map<String, String> subtree(String prefix) {
        String p = prefix.endsWith(".") ? prefix : prefix + ".";
        Map<String, String> out = new LinkedHashMap<>();
        values.subMap(p, p + Character.MAX_VALUE).forEach((k, v) -> out.put(k.substring(p.length()), v));
        return out;
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public String profile() {
        return get(Catalogue.PROFILE);
    }

    /** The catalogue's defaults as text. */
    private static Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Param<?> param : Catalogue.all()) {
            out.put(param.key(), formatDefault(param));
        }
        return out;
    }

    private static <T> String formatDefault(Param<T> param) {
        return param.format(param.defaultValue());
    }

    private static void overlay(Map<String, String> base, Map<String, String> changes, String origin) {
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            if (!base.containsKey(key) && !key.startsWith(Catalogue.KAFKA_PROPERTIES)) {
                throw new ConfigException("unknown configuration key '" + key + "' in " + origin
                        + " (every key is listed in docs/configuration.md)");
            }
            base.put(key, e.getValue());
        }
    }

    /**
     * Overlays a profile on {@code merged}, after the profile it names in {@code extends} (a built-in name or
     * a file), so that a cluster's file can say only what differs from, e.g., cpu-tiny.
     */
    private static void overlayProfile(Map<String, String> merged, String profile, List<String> chain) {
        if (chain.contains(profile)) {
            throw new ConfigException("profiles extend each other in a circle: " + String.join(" -> ", chain) + " -> "
                    + profile);
        }
        chain.add(profile);
        Map<String, String> own = flatten(readProfile(profile));
        String parent = own.getOrDefault(Catalogue.EXTENDS.key(), "");
        if (!parent.isBlank()) {
            overlayProfile(merged, parent, chain);
        }
        overlay(merged, own, "profile " + profile);
    }

    private static Map<String, Object> readProfile(String profile) {
        Path file = Path.of(profile);
        if (profile.endsWith(".yaml") || profile.endsWith(".yml") || Files.isRegularFile(file)) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("profile file not found: " + profile);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, profile);
            } catch (IOException e) {
                throw new ConfigException("cannot read profile " + profile + ": " + e.getMessage());
            }
        }
        if (!BUILT_IN_PROFILES.contains(profile)) {
            throw new ConfigException("unknown profile '" + profile + "' (built in: "
                    + String.join(", ", BUILT_IN_PROFILES) + ", or a path to a .yaml file)");
        }
        return readResource("conf/" + profile + ".yaml");
    }

    private static Map<String, Object> readResource(String name) {
        try (InputStream in = Config.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return parse(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(InputStream in, String origin) throws IOException {
        try {
            Object tree = new ObjectMapper(new YAMLFactory()).readValue(in, Object.class);
            if (tree == null) {
                return Map.of();
            }
            if (!(tree instanceof Map)) {
                throw new ConfigException(origin + " must be a YAML mapping");
            }
            return (Map<String, Object>) tree;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ConfigException("invalid YAML in " + origin + ": " + e.getOriginalMessage());
        }
    }

    private static Map<String, String> flatten(Map<String, Object> tree) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", tree, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, String> out) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child) {
                flatten(key + ".", (Map<String, Object>) child, out);
            } else {
                out.put(key, e.getValue() == null ? "" : String.valueOf(e.getValue()));
            }
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
