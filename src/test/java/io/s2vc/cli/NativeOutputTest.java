package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native warnings go to the log file once; Java's standard error and native error lines stay on the console. */
class NativeOutputTest {
    @TempDir
    Path dir;

    @Test
    void nativeWarningsReachTheLogOnceAndNotTheConsole() throws Exception {
        Path logs = dir.resolve("logs");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ds2vc.log.dir=" + logs, "-Dlog4j2.configurationFile=log4j2.xml", "-cp",
                String.join(java.io.File.pathSeparator, ChildProcess.testClasspath()), NativeOutputProbe.class.getName()));
        try (ChildProcess probe = ChildProcess.command("native-output", command, Map.of(), dir)) {
            probe.await("the probe to finish", Duration.ofMinutes(1), () -> !probe.isAlive());
            String console = probe.output();
            assertTrue(console.contains("java progress line"), console);
            assertTrue(console.contains("terminate called after throwing"), "an error line stays visible: " + console);
            assertFalse(console.contains("NNPACK"), console);
            String log = Files.readString(logs.resolve("s2vc.log"));
            assertEquals(1, log.split("Could not initialize NNPACK", -1).length - 1, log);
        }
    }
}
