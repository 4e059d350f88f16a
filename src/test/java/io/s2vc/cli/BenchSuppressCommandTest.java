package io.s2vc.cli;

import static io.s2vc.cli.CommandLineTest.assertOneLineError;
import static io.s2vc.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s2vc.cli.CommandLineTest.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code s2vc bench suppress} on the small CPU setting prints the engine's peak, then per case its rate and one
 * profiled call (the plain-PyTorch comparison is {@code SuppressBenchmarkTest}'s; {@code --no-reference} here).
 */
class BenchSuppressCommandTest {
    @Test
    void printsMeasurementLinesWithThroughputAndFlops() throws Exception {
        Outcome o = run("bench", "suppress", "--json", "--only", "cpu-tiny", "--batch", "1,2", "--repeats", "1",
                "--no-reference");
        assertEquals(0, o.code(), o.err());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : o.out().lines().toList()) {
            lines.add(json.readTree(line));
        }
        assertEquals(List.of("engine.matmul_fp32_gflops", "suppress.clips_per_s", "suppress.op_profile",
                "suppress.clips_per_s", "suppress.op_profile"), lines.stream().map(l -> l.get("name").asText()).toList(),
                o.out());
        for (int i = 1; i <= 2; i++) {
            JsonNode line = lines.get(2 * i - 1);
            for (String field : List.of("value", "unit", "repeats", "profile", "batch", "frames", "size", "device",
                    "threads", "gflops", "peak_gflops")) {
                assertTrue(line.has(field), field + " in " + line);
            }
            assertEquals("clips/s", line.get("unit").asText());
            assertEquals("cpu-tiny", line.get("profile").asText());
            assertEquals(i, line.get("batch").asInt());
            assertEquals(8, line.get("frames").asInt());
            assertEquals(48, line.get("size").asInt());
            assertEquals(1, line.get("repeats").asInt());
            assertTrue(line.get("value").asDouble() > 0 && line.get("gflops").asDouble() > 0, line.toString());
            assertTrue(line.get("peak_gflops").asDouble() > 0, line.toString());
        }
    }

    @Test
    void anUnknownSettingIsOneLine() {
        assertOneLineError(run("bench", "suppress", "--only", "gpu-huge"), "--only must be paper or cpu-tiny");
    }
}
