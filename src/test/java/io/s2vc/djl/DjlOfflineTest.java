package io.s2vc.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL's PyTorch engine loads from the jar on the classpath into a fresh cache folder, offline, with
 * every HTTP(S) proxy pointed at a closed port so that any download attempt would fail.
 */
class DjlOfflineTest {

    @Test
    void engineLoadsOfflineIntoAFreshCache(@TempDir Path cache) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java,
                "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + cache.resolve("djl"),
                "-DENGINE_CACHE_DIR=" + cache.resolve("engine"),
                "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9",
                "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
                DjlOfflineProbe.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("PYTORCH_LIBRARY_PATH");
        builder.environment().remove("DJL_CACHE_DIR");
        builder.environment().remove("ENGINE_CACHE_DIR");
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "engine load timed out");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("engine=PyTorch"), output);
        assertTrue(output.contains("trace=" + (7f + 22f)), output);
        try (Stream<Path> files = Files.walk(cache)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("libtorch")),
                    "natives were not unpacked into the fresh cache " + cache);
        }
    }
}
