package io.s2vc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One small case end to end: the rate with its CPU time and stolen share, the operator profile, and the
 * plain-PyTorch reference right after, or, where the machine has no Python torch, the reason it is missing.
 */
class SuppressBenchmarkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void measuresProfilesAndComparesWithPlainPyTorch() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        new SuppressBenchmark(Device.cpu(), List.of(SuppressBenchmark.cpuTiny(2)), 1, true)
                .run(m -> lines.add(parse(m.toJson())));

        List<String> names = lines.stream().map(l -> l.get("name").asText()).toList();
        assertEquals(List.of("engine.matmul_fp32_gflops", "suppress.clips_per_s", "suppress.op_profile"),
                names.subList(0, 3));
        JsonNode rate = lines.get(1);
        assertEquals("cpu-narrow-32", rate.get("flow").asText());
        assertTrue(!rate.get("keep_residual").asBoolean(), "the cpu-tiny profile drops the residual: " + rate);
        assertTrue(rate.get("value").asDouble() > 0 && rate.get("cpu_s_per_clip").asDouble() > 0, rate.toString());
        assertTrue(rate.has("steal_share"), rate.toString());

        JsonNode profile = lines.get(2);
        assertTrue(profile.get("value").asDouble() > 0, profile.toString());
        JsonNode ops = profile.get("ops");
        assertTrue(ops.size() > 0 && ops.size() <= 8, profile.toString());
        boolean conv = false;
        for (JsonNode op : ops) {
            conv |= op.get("op").asText().equals("aten::conv2d");
            assertTrue(op.get("share").asDouble() >= 0 && op.get("share").asDouble() <= 1.05, op.toString());
        }
        assertTrue(conv, "the flow's convolutions are among its largest operators: " + profile);

        JsonNode reference = lines.get(3);
        assertEquals("reference.suppress.clips_per_s", reference.get("name").asText());
        if (reference.get("value").isNull()) {
            // No Python torch here: one line that says why, and nothing else.
            assertEquals(4, lines.size(), names.toString());
            assertTrue(!reference.get("reason").asText().isBlank(), reference.toString());
        } else {
            assertEquals(5, lines.size(), names.toString());
            assertEquals(2, reference.get("batch").asInt());
            assertTrue(reference.get("implementation").asText().contains("PyTorch"), reference.toString());
            JsonNode ratio = lines.get(4);
            assertEquals("suppress.ratio_to_pytorch", ratio.get("name").asText());
            assertEquals(rate.get("value").asDouble() / reference.get("value").asDouble(), ratio.get("value").asDouble(),
                    2e-3 * ratio.get("value").asDouble(), ratio.toString());
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
