package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.FlowWeights;
import io.s2vc.io.Npy;
import io.s2vc.io.NpyArray;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s2vc suppress} on a .npy clip, as a user would run it. */
class SuppressCommandTest {

    static Path flow(Path dir) throws Exception {
        Path weights = dir.resolve("flow.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowWeights.save(FlowModel.create(FlowSpec.cpuNarrow32(), FlowInit.randomEverywhere(2, 0.03f), manager), weights);
        }
        return weights;
    }

    static Path clip(Path dir, long[] shape) throws Exception {
        int n = (int) (shape[0] * shape[1] * shape[2] * shape[3]);
        float[] values = new float[n];
        Random random = new Random(1);
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat();
        }
        Path file = dir.resolve("clip.npy");
        Files.write(file, Npy.toBytes(new NpyArray(shape, values)));
        return file;
    }

    static float[] read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return Npy.read(in).values();
        }
    }

    @Test
    void alphaZeroGivesTheInputBackAndAHighAlphaChangesIt(@TempDir Path dir) throws Exception {
        Path weights = flow(dir);
        Path input = clip(dir, new long[] {3, 4, 40, 40});
        Path same = dir.resolve("same.npy");
        var o = CommandLineTest.run("suppress", input.toString(), "-o", same.toString(), "--flow-weights",
                weights.toString(), "--alpha", "0", "--work", dir.resolve("work").toString(),
                "--set", "suppress.keep_residual=true"); // the official decode keeps the detail finer than the flow
        assertEquals(0, o.code(), o.err());
        float[] in = read(input);
        float[] out = read(same);
        assertEquals(in.length, out.length);
        double maxDiff = 0;
        for (int i = 0; i < in.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(in[i] - out[i]));
        }
        assertTrue(maxDiff < 1e-4, "alpha 0 changed the clip by " + maxDiff);

        Path changed = dir.resolve("changed.npy");
        o = CommandLineTest.run("suppress", input.toString(), "-o", changed.toString(), "--flow-weights",
                weights.toString(), "--alpha", "100", "--strategy", "zero", "--work", dir.resolve("work").toString());
        assertEquals(0, o.code(), o.err());
        float[] zeroed = read(changed);
        double diff = 0;
        for (int i = 0; i < in.length; i++) {
            diff = Math.max(diff, Math.abs(in[i] - zeroed[i]));
        }
        assertTrue(diff > 1e-2, "suppressing every latent must change the clip");
    }

    @Test
    void badInputsGiveOneLine(@TempDir Path dir) throws Exception {
        Path weights = flow(dir);
        Path flat = clip(dir, new long[] {4, 1, 8, 8});
        CommandLineTest.assertOneLineError(CommandLineTest.run("suppress", flat.toString(), "-o",
                dir.resolve("o.npy").toString(), "--flow-weights", weights.toString()), "expected 3 x T x H x W");
        CommandLineTest.assertOneLineError(CommandLineTest.run("suppress", flat.toString(), "-o",
                dir.resolve("o.avi").toString(), "--flow-weights", weights.toString()), "a .npy input needs a .npy output");
        CommandLineTest.assertOneLineError(CommandLineTest.run("suppress", dir.resolve("none.npy").toString(), "-o",
                dir.resolve("o.npy").toString()), "no such input file");
        CommandLineTest.assertOneLineError(CommandLineTest.run("suppress", flat.toString(), "-o",
                dir.resolve("o.npy").toString(), "--flow-weights", weights.toString(), "--strategy", "blur"),
                "suppress.strategy must be one of");
    }

    @Test
    void aVideoIsSuppressedTileByTileBesideItsOriginalWithAGifAndAReport(@TempDir Path dir) throws Exception {
        Path weights = flow(dir);
        // 20 frames of 72x100: a grey still scene with a bright square walking right
        int frames = 20;
        int height = 72;
        int width = 100;
        byte[] rgb = new byte[frames * height * width * 3];
        java.util.Arrays.fill(rgb, (byte) 90);
        for (int t = 0; t < frames; t++) {
            for (int y = 20; y < 40; y++) {
                for (int x = 2 * t; x < 2 * t + 20; x++) {
                    int i = ((t * height + y) * width + x) * 3;
                    rgb[i] = (byte) 250;
                    rgb[i + 1] = (byte) 250;
                    rgb[i + 2] = (byte) 250;
                }
            }
        }
        Path video = dir.resolve("walk.avi");
        io.s2vc.video.VideoWriter.write(video, new io.s2vc.video.Clip(frames, height, width, rgb), 25);
        Path out = dir.resolve("out.mp4");
        Path gif = dir.resolve("out.gif");
        var o = CommandLineTest.run("suppress", video.toString(), "-o", out.toString(), "--flow-weights", weights.toString(),
                "--tiles", "--side-by-side", "--frames", "8", "--start", "2", "--gif", gif.toString(), "--gif-frames", "6",
                "--gif-width", "96", "--work", dir.resolve("work").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("18 frames at 96x64 in 3 clips of up to 8 frames, tile by tile"), o.out());
        try (io.s2vc.video.VideoDecoder decoder = io.s2vc.video.VideoDecoder.open(out.toString(), 64, 192)) {
            int written = 0;
            while (decoder.next(new byte[64 * 192 * 3]) >= 0) {
                written++;
            }
            assertEquals(18, written, "every frame from --start on, original | motion-preserved");
        }
        double[] gifProbe = io.s2vc.video.VideoDecoder.probe(gif.toString());
        assertEquals(32, gifProbe[0], 1e-9, "192x64 scaled to 96 wide");
        assertEquals(96, gifProbe[1], 1e-9);
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(out + ".json").toFile());
        assertEquals(18, report.get("frames").asInt());
        assertTrue(report.get("tiles").asBoolean());
        double moving = report.get("change").get("movingShare").asDouble();
        assertTrue(moving > 0.05 && moving < 0.6, "the square's path moves, the rest does not: " + moving);
        assertTrue(report.get("suppressed_fraction").asDouble() > 0);
        CommandLineTest.assertOneLineError(CommandLineTest.run("suppress", video.toString(), "-o", out.toString(),
                "--tiles", "--strategy", "tfd", "--work", dir.resolve("work").toString()), "--tiles needs a flow strategy");
    }
}
