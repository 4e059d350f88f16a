package io.s2vc.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of benchmark output, the contract shared by every {@code s2vc bench} command: a JSON
 * object with {@code name}, {@code value} (the median over repeats), {@code unit}, {@code repeats},
 * the configuration it ran with, and optional extras such as {@code gflops} and {@code peak_gflops}.
 */
public final class Measurement {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final double[] samples;
    private final String unit;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Measurement(String name, String unit, double... samples) {
        this(name, unit, samples, true);
        if (samples.length == 0) {
            throw new IllegalArgumentException("a measurement needs at least one sample");
        }
    }

    private Measurement(String name, String unit, double[] samples, boolean copy) {
        this.name = name;
        this.unit = unit;
        this.samples = copy ? samples.clone() : samples;
    }

    /** A measurement that could not be taken: {@code value} null, {@code repeats} 0 and the reason. */
    public static Measurement absent(String name, String unit, String reason) {
        return new Measurement(name, unit, new double[0], false).with("reason", reason);
    }

    /** Adds a configuration or extra field (profile, batch, frames, size, device, threads, gflops…). */
    public Measurement with(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Measurement with(Map<String, ?> more) {
        fields.putAll(more);
        return this;
    }

    /** How a DJL device is named in benchmark output: cpu, gpu0, gpu1, … */
    public static String deviceName(ai.djl.Device device) {
        return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    public double median() {
        return median(samples);
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        if (samples.length == 0) {
            node.putNull("value");
            node.put("unit", unit);
            node.put("repeats", 0);
        } else {
            node.put("value", round(median()));
            node.put("unit", unit);
            node.put("repeats", samples.length);
            node.put("min", round(Arrays.stream(samples).min().orElseThrow()));
            node.put("max", round(Arrays.stream(samples).max().orElseThrow()));
        }
        fields.forEach((k, v) -> node.set(k, JSON.valueToTree(v instanceof Double d ? round(d) : v)));
        return node.toString();
    }

    private static double round(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double scale = Math.pow(10, 4 - (int) Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }
}
