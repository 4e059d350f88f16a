package io.s2vc.cli;

import static io.s2vc.cli.CommandLineTest.assertOneLineError;
import static io.s2vc.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s2vc.cli.CommandLineTest.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code s2vc bench suppress} on the small CPU setting prints one measurement line per case. */
class BenchSuppressCommandTest {
    @Test
    void printsMeasurementLinesWithThroughputAndFlops() throws Exception {
        Outcome o = run("bench", "suppress", "--json", "--only", "cpu-tiny", "--batch", "1,2", "--repeats", "1");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(3, lines.size(), o.out());
        ObjectMapper json = new ObjectMapper();
        assertEquals("engine.matmul_fp32_gflops", json.readTree(lines.get(0)).get("name").asText());
        for (int i = 1; i < 3; i++) {
            JsonNode line = json.readTree(lines.get(i));
            assertEquals("suppress.clips_per_s", line.get("name").asText());
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
