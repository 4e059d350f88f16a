package io.s2vc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The plain-PyTorch reference ({@code bench/torch_reference.py}, packaged in the jar): the same flow,
 * suppression and MoCo step in the machine's Python torch (Debian's python3-torch), timed case by case
 * right after the product's own measurement of that case, so that both rates come from the same minutes
 * of a shared host. Where Python or torch is missing the reference says why and the benchmark goes on
 * without it.
 */
final class TorchReference {
    private static final String RESOURCE = "/bench/torch_reference.py";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than any default case (the paper's suppression at batch 4: about 3 minutes with repeats). */
    private static final long TIMEOUT_MINUTES = 20;

    private final int threads;
    private final int repeats;
    private String unavailable;
    private Path script;

    /**
     * @param threads torch intra-op threads, the product engine's own count
     * @param repeats timed repeats per case, as the product's
     */
    TorchReference(int threads, int repeats) {
        this.threads = threads;
        this.repeats = repeats;
    }

    /**
     * Runs one case of the script ({@code caseArguments} select it, e.g. {@code --cases suppress
     * --paper-batches 1 --cpu-batches ""}) and returns that case's JSON, or null when the reference is
     * unavailable ({@link #unavailableReason()}) or the case failed (its line carries the error).
     */
    private JsonNode measure(String caseName, List<String> caseArguments) {
        JsonNode report = run(caseArguments);
        if (report == null) {
            return null;
        }
        for (JsonNode c : report.path("cases")) {
            if (caseName.equals(c.path("name").asText())) {
                return c.has("error") ? null : withContext(c, report);
            }
        }
        return null;
    }

    /**
     * Times the reference case right now and hands on two lines: {@code reference.<ours' name>} (its rates, the
     * torch build, its CPU use and the host's stolen share meanwhile) and {@code <ours' stage>.ratio_to_pytorch}
     * (the two medians' ratio); or, where the reference cannot run, the reference line with the reason.
     *
     * @param ours the product's measurement of the case, just taken
     * @param describe adds the case's fields to a line
     */
    void compare(Measurement ours, String caseName, List<String> caseArguments, UnaryOperator<Measurement> describe,
            Consumer<Measurement> out) {
        String name = "reference." + ours.name();
        HostLoad before = HostLoad.now();
        JsonNode theirs = measure(caseName, caseArguments);
        double steal = HostLoad.now().stealShareSince(before);
        if (theirs == null) {
            out.accept(describe.apply(Measurement.absent(name, ours.unit(),
                    unavailable == null ? "the reference case failed" : unavailable)));
            return;
        }
        Measurement m = new Measurement(name, ours.unit(), doubles(theirs.path("repeats")));
        out.accept(describe.apply(m)
                .with("implementation", "plain PyTorch " + theirs.path("torch").asText() + " (bench/torch_reference.py)")
                .with("threads", theirs.path("threads").asInt())
                .with("cpu_per_wall", Measurement.median(doubles(theirs.path("cpu_per_wall"))))
                .with("steal_share", steal)
                .with("blas", theirs.path("blas"))
                .with("torch_cpu_capability", theirs.path("torch_cpu_capability").asText()));
        String stage = ours.name().substring(0, ours.name().indexOf('.'));
        out.accept(describe.apply(new Measurement(stage + ".ratio_to_pytorch", "x", ours.median() / m.median()))
                .with("note", "median rate of the product over plain PyTorch's, the two measured one after the other"));
    }

    private static double[] doubles(JsonNode array) {
        if (array.size() == 0) {
            return new double[] {Double.NaN};
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < array.size(); i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    /** Why the reference did not run, or null while it has. */
    String unavailableReason() {
        return unavailable;
    }

    private JsonNode run(List<String> caseArguments) {
        if (unavailable != null) {
            return null;
        }
        try {
            List<String> command = new ArrayList<>(List.of("python3", script().toString(), "--threads",
                    String.valueOf(threads), "--repeats", String.valueOf(repeats), "--no-peak", "--quiet"));
            command.addAll(caseArguments);
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out;
            try (InputStream stdout = process.getInputStream()) {
                out = stdout.readAllBytes();
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                unavailable = "bench/torch_reference.py did not finish in " + TIMEOUT_MINUTES + " minutes";
                return null;
            }
            JsonNode report = JSON.readTree(new String(out, StandardCharsets.UTF_8));
            if (report == null || !report.path("available").asBoolean(false)) {
                unavailable = report == null ? "bench/torch_reference.py printed nothing (exit "
                        + process.exitValue() + ")" : report.path("reason").asText("no reason given");
                return null;
            }
            return report;
        } catch (IOException e) {
            unavailable = "python3 could not run bench/torch_reference.py: " + e.getMessage();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable = "interrupted";
            return null;
        }
    }

    /** The case with the facts of its run that a reader needs beside it: torch version, threads, CPU. */
    private static JsonNode withContext(JsonNode c, JsonNode report) {
        com.fasterxml.jackson.databind.node.ObjectNode node = c.deepCopy();
        node.put("torch", report.path("torch").asText());
        node.set("blas", report.path("blas"));
        node.set("torch_cpu_capability", report.path("cpu").path("torch_cpu_capability"));
        return node;
    }

    private Path script() throws IOException {
        if (script == null) {
            Path file = Files.createTempFile("s2vc-torch-reference", ".py");
            file.toFile().deleteOnExit();
            try (InputStream in = TorchReference.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IOException(RESOURCE + " is not in the jar");
                }
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            script = file;
        }
        return script;
    }
}
