package io.s2vc.cli;

import static io.s2vc.cli.CommandLineTest.assertOneLineError;
import static io.s2vc.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s2vc.cli.CommandLineTest.Outcome;
import io.s2vc.config.Config;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.FlowWeights;
import io.s2vc.io.Npy;
import io.s2vc.io.NpyArray;
import io.s2vc.flow.pretrain.PretrainSettings;
import io.s2vc.testing.TinyDataset;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s2vc flow encode|decode}, {@code s2vc flow-pretrain} and {@code s2vc bench flow} from the command line. */
class FlowCommandTest {
    @TempDir
    static Path dir;
    /** cpu-tiny-32 weights with no identity coupling, saved without a manifest: the keys tell the architecture. */
    static Path weights;

    @BeforeAll
    static void saveWeights() throws Exception {
        weights = dir.resolve("weights/random.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel model = FlowModel.create(FlowSpec.cpuTiny32(), FlowInit.randomEverywhere(3, 0.02f), manager);
            FlowWeights.save(model, weights);
        }
    }

    @Test
    void encodeThenDecodeGivesTheFramesBack() throws Exception {
        Path frames = dir.resolve("frames.npy");
        float[] values = new float[5 * 3 * 32 * 32];
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        Files.write(frames, Npy.toBytes(new NpyArray(new long[] {5, 3, 32, 32}, values)));
        Path latents = dir.resolve("latents.npy");
        Path decoded = dir.resolve("decoded.npy");

        Outcome encoded = run("flow", "encode", "--weights", weights.toString(), "--input", frames.toString(),
                "--output", latents.toString(), "--batch", "2");
        assertEquals(0, encoded.code(), encoded.err());
        NpyArray z = read(latents);
        assertEquals(List.of(5L, 3072L), List.of(z.shape()[0], z.shape()[1]));

        Outcome back = run("flow", "decode", "--weights", weights.toString(), "--input", latents.toString(),
                "--output", decoded.toString());
        assertEquals(0, back.code(), back.err());
        NpyArray x = read(decoded);
        assertEquals(List.of(5L, 3L, 32L, 32L), List.of(x.shape()[0], x.shape()[1], x.shape()[2], x.shape()[3]));
        float worst = 0;
        for (int i = 0; i < values.length; i++) {
            worst = Math.max(worst, Math.abs(values[i] - x.values()[i]));
        }
        assertTrue(worst < 1e-4, "round trip error " + worst);
    }

    @Test
    void aBadNpyIsRefusedWithOneLine() throws Exception {
        Path garbage = dir.resolve("garbage.npy");
        Files.writeString(garbage, "this is not numpy");
        assertOneLineError(run("flow", "encode", "--weights", weights.toString(), "--input", garbage.toString(),
                "--output", dir.resolve("out.npy").toString()), "not a .npy array (bad magic)");

        Path wrongShape = dir.resolve("wrong-shape.npy");
        Files.write(wrongShape, Npy.toBytes(new NpyArray(new long[] {2, 3, 64, 64}, new float[2 * 3 * 64 * 64])));
        assertOneLineError(run("flow", "encode", "--weights", weights.toString(), "--input", wrongShape.toString(),
                "--output", dir.resolve("out.npy").toString()),
                "has shape (2, 3, 64, 64); flow cpu-tiny-32 encodes arrays of shape (N, 3, 32, 32)");

        byte[] whole = Npy.toBytes(new NpyArray(new long[] {4, 3072}, new float[4 * 3072]));
        Path truncated = dir.resolve("truncated.npy");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertOneLineError(run("flow", "decode", "--weights", weights.toString(), "--input", truncated.toString(),
                "--output", dir.resolve("out.npy").toString()), "truncated .npy data");

        assertOneLineError(run("flow", "encode", "--weights", dir.resolve("none.npz").toString(), "--input",
                garbage.toString(), "--output", dir.resolve("out.npy").toString()), "no such weights file");
        assertOneLineError(run("flow", "encode", "--input", garbage.toString(), "--output",
                dir.resolve("out.npy").toString()), "no flow weights: pass --weights");
    }

    @Test
    void pretrainOnVideosWritesARunAndResumesIt() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("tiny-data"));
        Path out = dir.resolve("run");
        String[] args = {"flow-pretrain", "--work", dir.resolve("work").toString(), "--data", data.toString(),
            "--out", out.toString(), "--set", "flow.pretrain.batch=8", "--set", "flow.pretrain.epochs=1",
            "--set", "flow.pretrain.steps_per_epoch=4", "--set", "flow.pretrain.warmup_epochs=0",
            "--set", "flow.pretrain.pool_frames=64", "--set", "flow.pretrain.heldout_frames=16",
            "--set", "flow.pretrain.eval_every=2", "--set", "flow.pretrain.checkpoint_every=2"};
        Outcome first = run(concat(args, "--stop-at", "2"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("flow-pretrain cpu-narrow-32: step 2 of 4"), first.out()); // the profile's flow
        Outcome second = run(concat(args, "--resume"));
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("step 4 of 4 (2 this run"), second.out());
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(4, manifest.get("step").asInt());
        assertEquals("cpu-narrow-32", manifest.get("architecture").get("name").asText());
        assertOneLineError(run(concat(args, "--resume", "--fresh")), "--resume and --fresh exclude each other");
        assertOneLineError(run("flow-pretrain", "--work", dir.resolve("work").toString(), "--resume",
                "--out", dir.resolve("empty").toString()), "nothing to resume");
    }

    @Test
    void theDefaultsAreAdvFlowsRecipe() {
        PretrainSettings reference = PretrainSettings.builder().build(); // §1.7, as the builder defaults
        assertEquals(reference, FlowPretrainCommand.settings(Config.load("paper-r3d18", List.of())));
        assertEquals(List.of(), FlowPretrainCommand.settings(Config.defaultProfile()).differencesFrom(
                FlowPretrainCommand.settings(Config.defaultProfile())));
    }

    @Test
    void benchFlowPrintsMeasurementLines() throws Exception {
        Outcome o = run("bench", "flow", "--json", "--arch", "cpu-tiny-32", "--batch", "4", "--repeats", "1");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(3, lines.size(), o.out());
        ObjectMapper json = new ObjectMapper();
        assertEquals("engine.matmul_fp32_gflops", json.readTree(lines.get(0)).get("name").asText());
        JsonNode encode = json.readTree(lines.get(1));
        assertEquals("flow.encode_frames_per_s", encode.get("name").asText());
        for (String field : List.of("value", "unit", "repeats", "profile", "batch", "frames", "size", "device",
                "threads", "gflops", "peak_gflops")) {
            assertTrue(encode.has(field), field + " in " + encode);
        }
        assertEquals("cpu-tiny-32", encode.get("profile").asText());
        assertTrue(encode.get("gflops").asDouble() > 0);
    }

    private static NpyArray read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return Npy.read(in);
        }
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
