package io.s2vc.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of one call goes, operator by operator: libtorch's own profiler (through DJL's PyTorch
 * engine) records the call, and the top-level operators (those not inside another) are summed by name and
 * input shapes, largest first. Time spent in Java between operators is the rest of the call's wall time.
 */
final class OpProfile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An operator at input shapes, its calls and its total time in them. */
    record Op(String name, String shapes, int calls, double seconds) {
    }

    private OpProfile() {
    }

    /** Whether the engine can profile (DJL's PyTorch engine only). */
    static boolean available() {
        return "PyTorch".equals(Engine.getInstance().getEngineName());
    }

    /**
     * Runs {@code call} once under the profiler.
     *
     * @return its operators, largest total first, at most {@code top}, and the call's wall seconds as an op
     *     named {@code "(wall)"} at the head
     */
    static List<Op> of(Runnable call, int top) {
        Path trace;
        try {
            trace = Files.createTempFile("s2vc-op-profile", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            JniUtils.startProfile(false, true, false);
            long start = System.nanoTime();
            long end;
            try {
                call.run();
                end = System.nanoTime();
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
            List<Op> ops = new ArrayList<>();
            ops.add(new Op("(wall)", "", 1, (end - start) / 1e9));
            ops.addAll(topLevel(JSON.readTree(trace.toFile()), top));
            return ops;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            trace.toFile().delete();
        }
    }

    /** The operators that no other operator of the same thread encloses, summed by name and shapes. */
    private static List<Op> topLevel(JsonNode trace, int top) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode e : trace.isArray() ? trace : trace.path("traceEvents")) {
            if ("X".equals(e.path("ph").asText())) {
                events.add(e);
            }
        }
        events.sort(Comparator.comparing((JsonNode e) -> e.path("tid").asText())
                .thenComparingDouble(e -> e.path("ts").asDouble())
                .thenComparingDouble(e -> -e.path("dur").asDouble()));
        Map<String, Double> enclosingEnd = new HashMap<>();
        Map<String, double[]> sums = new LinkedHashMap<>(); // key → {calls, seconds}
        Map<String, String[]> keys = new HashMap<>();
        for (JsonNode e : events) {
            String thread = e.path("tid").asText();
            double ts = e.path("ts").asDouble();
            double dur = e.path("dur").asDouble();
            Double end = enclosingEnd.get(thread);
            if (end != null && ts < end) {
                continue;
            }
            enclosingEnd.put(thread, ts + dur);
            String name = e.path("name").asText();
            String shapes = shapes(e.path("shape"));
            String key = name + " " + shapes;
            keys.putIfAbsent(key, new String[] {name, shapes});
            double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
            sum[0]++;
            sum[1] += dur / 1e6; // the trace is in microseconds
        }
        List<Op> ops = new ArrayList<>();
        sums.forEach((key, sum) -> ops.add(new Op(keys.get(key)[0], keys.get(key)[1], (int) sum[0], sum[1])));
        ops.sort(Comparator.comparingDouble(Op::seconds).reversed());
        return ops.subList(0, Math.min(top, ops.size()));
    }

    /** The non-empty input shapes, e.g. {@code [8,128,64,64] [128,128,3,3]}. */
    private static String shapes(JsonNode shape) {
        List<String> parts = new ArrayList<>();
        for (JsonNode input : shape) {
            if (input.isArray() && input.size() > 0) {
                List<String> dims = new ArrayList<>();
                input.forEach(d -> dims.add(d.asText()));
                parts.add("[" + String.join(",", dims) + "]");
            }
        }
        return String.join(" ", parts);
    }

    /** The operators as JSON-ready maps: op, shapes, calls, seconds and share of the call's wall time. */
    static List<Map<String, Object>> asFields(List<Op> ops) {
        double wall = ops.get(0).seconds();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Op op : ops.subList(1, ops.size())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("op", op.name());
            row.put("shapes", op.shapes());
            row.put("calls", op.calls());
            row.put("seconds", Math.round(op.seconds() * 1e4) / 1e4);
            row.put("share", Math.round(op.seconds() / wall * 1e3) / 1e3);
            rows.add(row);
        }
        return rows;
    }
}
