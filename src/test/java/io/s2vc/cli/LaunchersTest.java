package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers of jobs/ refuse to start without what they need, in one line and with exit code 2. (That they
 * submit to a running session cluster is ClusterRecoveryIT's part.)
 */
class LaunchersTest {
    private static final List<String> LAUNCHERS = List.of("topics.sh", "ingest.sh", "augment-train.sh", "evaluate.sh",
            "flow-pretrain.sh");

    record Result(int code, String output) {
    }

    private static Result launch(String script, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("jobs", script).toString()).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("S2VC_JAR", "KAFKA_BOOTSTRAP", "FLINK_REST", "S2VC_CONF"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private static void assertOneLine(Result result, String expected) {
        assertEquals(2, result.code(), result.output());
        assertEquals(1, result.output().lines().count(), result.output());
        assertTrue(result.output().startsWith("s2vc: ") && result.output().contains(expected), result.output());
    }

    @Test
    void aMissingJarIsNamed(@TempDir Path dir) throws Exception {
        for (String script : LAUNCHERS) {
            assertOneLine(launch(script, Map.of("S2VC_JAR", dir.resolve("absent.jar").toString(),
                    "KAFKA_BOOTSTRAP", "127.0.0.1:9092", "FLINK_REST", "127.0.0.1:8081")), "absent.jar not found");
        }
    }

    @Test
    void missingAddressesAreNamed(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("s2vc.jar"));
        for (String script : LAUNCHERS) {
            assertOneLine(launch(script, Map.of("S2VC_JAR", jar.toString())), "set KAFKA_BOOTSTRAP=host:port");
        }
        for (String job : List.of("augment-train.sh", "evaluate.sh")) {
            assertOneLine(launch(job, Map.of("S2VC_JAR", jar.toString(), "KAFKA_BOOTSTRAP", "127.0.0.1:9092")),
                    "set FLINK_REST=host:port");
        }
    }
}
