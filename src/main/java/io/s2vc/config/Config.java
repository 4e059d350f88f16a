package io.s2vc.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration: {@code conf/defaults.yaml} overlaid by a profile and by {@code key=value}
 * overrides, as flat dotted keys. Unknown keys and unparsable values are refused with a message
 * naming them, so that a typo never silently falls back to a default.
 */
public final class Config implements Serializable {
    /** The key by which a profile builds on another. */
    private static final String EXTENDS = "extends";

    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_PROFILE = "cpu-tiny";
    public static final List<String> BUILT_IN_PROFILES = List.of("cpu-tiny", "paper-r3d18", "paper-s3d");
    /** Keys below this prefix are free-form (passed through to Kafka clients). */
    private static final String OPEN_PREFIX = "kafka.properties.";

    private final TreeMap<String, String> values;

    private Config(Map<String, String> values) {
        this.values = new TreeMap<>(values);
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
        Map<String, String> merged = flatten(readResource("conf/defaults.yaml"));
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

    public Config with(String key, Object value) {
        return with(Map.of(key, String.valueOf(value)));
    }

    public String getString(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new ConfigException("unknown configuration key '" + key + "'");
        }
        return value;
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(getString(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + getString(key) + "'");
        }
    }

    public long getLong(String key) {
        try {
            return Long.parseLong(getString(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + getString(key) + "'");
        }
    }

    public double getDouble(String key) {
        try {
            return Double.parseDouble(getString(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, got '" + getString(key) + "'");
        }
    }

    public boolean getBoolean(String key) {
        String v = getString(key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key + " must be true or false, got '" + v + "'");
    }

    /** Comma-separated non-negative integers in ascending order (e.g. milestones); empty = none. */
    public long[] getAscendingLongs(String key) {
        String text = getString(key);
        if (text.isBlank()) {
            return new long[0];
        }
        long[] values;
        try {
            values = java.util.Arrays.stream(text.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be comma-separated integers, got '" + text + "'");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || (i > 0 && values[i] <= values[i - 1])) {
                throw new ConfigException(key + " must be ascending integers >= 0, got '" + text + "'");
            }
        }
        return values;
    }

    /** An integer that must be at least {@code min}. */
    public int getInt(String key, int min) {
        int v = getInt(key);
        if (v < min) {
            throw new ConfigException(key + " must be >= " + min + ", got " + v);
        }
        return v;
    }

    /** A number in [min, max]. */
    public double getDouble(String key, double min, double max) {
        double v = getDouble(key);
        if (!(v >= min && v <= max)) {
            throw new ConfigException(key + " must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    /** One of the allowed words. */
    public String getChoice(String key, String... allowed) {
        String v = getString(key);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
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
        return getString("profile");
    }

    private static void overlay(Map<String, String> base, Map<String, String> changes, String origin) {
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            if (!base.containsKey(key) && !key.startsWith(OPEN_PREFIX)) {
                throw new ConfigException("unknown configuration key '" + key + "' in " + origin
                        + " (every key is listed in conf/defaults.yaml)");
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
        String parent = own.getOrDefault(EXTENDS, "");
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
