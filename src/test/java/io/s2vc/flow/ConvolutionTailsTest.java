package io.s2vc.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.testing.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faulty condition of AVX-512 AMD hosts, checked on any host: a flow training step must run no
 * convolution with a partial block of output channels (docs/troubleshooting.md). oneDNN's verbose log of a
 * child process lists every convolution it runs with its problem ("mb4_ic48oc12_…"); the channel counts do
 * not depend on the ISA, so this host's log says what an affected host would run. The same probe with the
 * fix switched off must show the condition, or the check proves nothing.
 */
class ConvolutionTailsTest {
    private static final Pattern CONVOLUTION =
            Pattern.compile("primitive,exec,cpu,convolution,([^,]+),([a-z_]+),.*?mb\\d+_(?:g\\d+)?ic(\\d+)oc(\\d+)_");

    @TempDir
    Path logs;

    record Convolution(String implementation, String direction, int inChannels, int outChannels) {
    }

    @Test
    void aFlowTrainingStepRunsNoConvolutionWithAPartialBlockOfOutputChannels() throws Exception {
        for (String arch : List.of("cpu-tiny-32", "cpu-narrow-32", "advflow-imagenet64")) {
            List<Convolution> fixed = convolutions(arch, true);
            assertTrue(fixed.stream().anyMatch(c -> c.direction().equals("backward_data")), arch + ": " + fixed);
            for (Convolution c : fixed) {
                assertEquals(0, c.outChannels() % ChannelBlocks.BLOCK, arch + ": " + c);
            }
        }
        List<Convolution> unfixed = convolutions("cpu-tiny-32", false);
        assertTrue(unfixed.stream().anyMatch(c -> c.direction().equals("backward_data") && c.outChannels() % 16 != 0),
                "without whole channel blocks the probe must show the faulty condition: " + unfixed);
    }

    private List<Convolution> convolutions(String arch, boolean wholeBlocks) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                "-Ds2vc.flow.whole_channel_blocks=" + wholeBlocks, "-Xmx2g"));
        command.addAll(ChildProcess.flinkOpens());
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, ChildProcess.testClasspath()),
                FlowStepProbe.class.getName(), arch, "2"));
        String name = arch + "-" + wholeBlocks;
        try (ChildProcess probe = ChildProcess.command(name, command, Map.of("ONEDNN_VERBOSE", "1"), logs)) {
            probe.await("two probe steps", Duration.ofMinutes(3), () -> probe.output().contains("probe step 2"));
            String output = probe.output();
            assertFalse(output.contains("NaN"), output);
            List<Convolution> found = new ArrayList<>();
            Matcher m = CONVOLUTION.matcher(output);
            while (m.find()) {
                found.add(new Convolution(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
            }
            assertFalse(found.isEmpty(), "no convolution in oneDNN's verbose log:\n" + output);
            return found;
        }
    }
}
