package io.s2vc.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.config.Config;
import io.s2vc.config.Devices;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.Npy;
import io.s2vc.flow.NpyArray;
import io.s2vc.flow.SavedFlow;
import io.s2vc.stream.suppress.SuppressionSettings;
import io.s2vc.suppress.ClipTensors;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionResult;
import io.s2vc.util.AtomicFiles;
import io.s2vc.video.Clip;
import io.s2vc.video.VideoDecoder;
import io.s2vc.video.VideoWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "suppress", mixinStandardHelpOptions = true,
        description = "Make the motion-preserved version of a video file (writes a video) or of a .npy clip "
                + "(3 x T x H x W float32 in [0, 1]; writes .npy, values unclamped as in the official code).")
final class SuppressCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A video file or a .npy clip.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
            description = "A video file (.avi, .mp4, .gif) or .npy, matching the input's kind.")
    Path output;

    @Option(names = "--flow-weights", paramLabel = "FILE.npz", description = "Flow weights (default: flow.weights, "
            + "else the flow pre-trained in WORK/flow).")
    Path flowWeights;

    @Option(names = "--alpha", paramLabel = "A", description = "Threshold (or kept fraction in top mode); default suppress.alpha.")
    Double alpha;

    @Option(names = "--strategy", paramLabel = "S", description = "zero | noise | shuffle-clip | shuffle-frame | tfd.")
    String strategy;

    @Option(names = "--mode", paramLabel = "M", description = "threshold | top.")
    String mode;

    @Option(names = "--frames", paramLabel = "T", defaultValue = "16",
            description = "A video is processed in consecutive clips of T frames (default: ${DEFAULT-VALUE}).")
    int frames;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new UserException("no such input file: " + input);
        }
        boolean npy = input.toString().toLowerCase(Locale.ROOT).endsWith(".npy");
        if (npy != output.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            throw new UserException("a .npy input needs a .npy output and a video input a video output");
        }
        if (frames < 2) {
            throw new UserException("--frames must be >= 2");
        }
        Config config = common.config();
        List<String> sets = new ArrayList<>();
        if (alpha != null) {
            sets.add("suppress.alpha=" + alpha);
        }
        if (strategy != null) {
            sets.add("suppress.strategy=" + strategy);
        }
        if (mode != null) {
            sets.add("suppress.mode=" + mode);
        }
        for (String s : sets) {
            config = config.with(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        SuppressionSettings settings = SuppressionSettings.from(config,
                flowWeights != null ? flowWeights.toString() : flowFor(config));
        if (!settings.enabled()) {
            throw new UserException("--strategy none makes no motion-preserved clip");
        }
        try (NDManager manager = NDManager.newBaseManager(Devices.fromConfig(config))) {
            FlowModel flow = settings.strategy().usesFlow()
                    ? SavedFlow.load(Path.of(settings.flowWeights()), settings.flowArch(), manager) : null;
            try (StaticCueSuppressor suppressor = settings.suppressor(flow)) {
                if (npy) {
                    suppressNpy(suppressor, manager);
                } else {
                    suppressVideo(suppressor, manager);
                }
            }
        }
        return 0;
    }

    /** The flow's weights, needed by every strategy but tfd. */
    private String flowFor(Config config) {
        boolean tfd = "tfd".equals(config.getString("suppress.strategy"));
        return tfd ? "" : PretrainedFlow.weights(config, common.work()).toString();
    }

    private void suppressNpy(StaticCueSuppressor suppressor, NDManager manager) throws IOException {
        NpyArray clip;
        try (InputStream in = AtomicFiles.bufferedInput(input)) {
            clip = Npy.read(in);
        } catch (IllegalArgumentException e) {
            throw new UserException("input " + input + ": " + e.getMessage());
        }
        long[] s = clip.shape();
        if (s.length != 4 || s[0] != 3 || s[1] < 2) {
            throw new UserException("input " + input + " has shape " + clip.shapeText()
                    + "; expected 3 x T x H x W with T >= 2");
        }
        try (NDManager call = manager.newSubManager()) {
            NDArray batch = call.create(clip.values(), new Shape(1, s[0], s[1], s[2], s[3]));
            SuppressionResult result = suppressor.suppress(batch);
            NpyArray written = new NpyArray(s, result.output().toFloatArray());
            AtomicFiles.write(output, out -> out.write(Npy.toBytes(written)));
            System.out.printf(Locale.ROOT, "wrote %s %s, %.1f%% suppressed%n", output, written.shapeText(),
                    100 * result.suppressedFractions()[0]);
        }
    }

    private void suppressVideo(StaticCueSuppressor suppressor, NDManager manager) throws IOException {
        List<Clip> clips = new ArrayList<>();
        double[] probe = VideoDecoder.probe(input.toString());
        double fps = probe[2] > 0 ? probe[2] : 25;
        // MPEG-4 wants even sides: drop a last odd row or column.
        int[] size = {(int) probe[0] & ~1, (int) probe[1] & ~1};
        try (VideoDecoder decoder = VideoDecoder.open(input.toString(), size[0], size[1])) {
            byte[] frame = new byte[size[0] * size[1] * 3];
            List<byte[]> pending = new ArrayList<>();
            while (decoder.next(frame) >= 0) {
                pending.add(frame.clone());
                if (pending.size() == frames) {
                    clips.add(stack(pending, size));
                    pending.clear();
                }
            }
            if (pending.size() >= 2) {
                clips.add(stack(pending, size));
            } else if (!pending.isEmpty() && !clips.isEmpty()) {
                System.err.println("suppress: the last " + pending.size() + " frame(s) are too few for a clip and are left out");
            }
        }
        if (clips.isEmpty()) {
            throw new UserException(input + " has fewer than 2 frames");
        }
        double suppressed = 0;
        try (VideoWriter writer = new VideoWriter(output, size[1], size[0], fps)) {
            for (int i = 0; i < clips.size(); i++) {
                try (NDManager call = manager.newSubManager()) {
                    SuppressionResult result = suppressor.suppress(ClipTensors.toTensor(List.of(clips.get(i)), call),
                            new long[] {i});
                    suppressed += result.suppressedFractions()[0];
                    writer.write(ClipTensors.toClips(result.output()).get(0));
                }
            }
        }
        System.out.printf(Locale.ROOT, "wrote %s (%d clips of up to %d frames), %.1f%% suppressed on average%n",
                output, clips.size(), frames, 100 * suppressed / clips.size());
    }

    private static Clip stack(List<byte[]> frames, int[] size) {
        int frameBytes = size[0] * size[1] * 3;
        byte[] rgb = new byte[frames.size() * frameBytes];
        for (int t = 0; t < frames.size(); t++) {
            System.arraycopy(frames.get(t), 0, rgb, t * frameBytes, frameBytes);
        }
        return new Clip(frames.size(), size[0], size[1], rgb);
    }
}
