package io.s2vc.cli;

import static io.s2vc.cli.CommandLineTest.assertOneLineError;
import static io.s2vc.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s2vc.cli.CommandLineTest.Outcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s2vc bench scale}: the augment job at parallelism 1 and 2 on the same clips, and their ratio. */
class BenchScaleCommandTest {
    @Test
    void measuresBothParallelismsAndTheirRatio(@TempDir Path work) throws Exception {
        Outcome o = run("bench", "scale", "--json", "--windows", "16", "--repeats", "1", "--work", work.toString());
        assertEquals(0, o.code(), o.err());
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : o.out().lines().toList()) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertEquals(List.of("scale.augment_job.p1.clips_per_s", "scale.augment_job.p2.clips_per_s",
                "scale.augment_job.speedup_p2_over_p1"), lines.stream().map(l -> l.get("name").asText()).toList());
        for (int p = 1; p <= 2; p++) {
            JsonNode line = lines.get(p - 1);
            assertEquals(p, line.get("parallelism").asInt());
            assertEquals("clips/s", line.get("unit").asText());
            assertEquals(2, line.get("task_managers").asInt());
            assertEquals("zero", line.get("strategy").asText());
            assertTrue(line.get("value").asDouble() > 0, line.toString());
        }
        double ratio = lines.get(2).get("value").asDouble();
        assertEquals(lines.get(1).get("value").asDouble() / lines.get(0).get("value").asDouble(), ratio, 1e-3 * ratio);
    }

    @Test
    void aBadParallelismIsOneLine() {
        assertOneLineError(run("bench", "scale", "--parallelism", "0,2"), "--parallelism values must be between 1 and 16");
    }
}
