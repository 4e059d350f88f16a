package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.config.Config;
import io.s2vc.flow.FlowModel;
import io.s2vc.io.Npy;
import io.s2vc.io.NpyArray;
import io.s2vc.flow.SavedFlow;
import io.s2vc.stream.suppress.SuppressionSettings;
import io.s2vc.suppress.ChangeSurvival;
import io.s2vc.nd.ClipTensors;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionResult;
import io.s2vc.suppress.TiledSuppression;
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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

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

    @Option(names = "--tiles", description = "Suppress tile by tile at the flow's own resolution (each tile its own "
            + "clip statistics) and keep the video's resolution, instead of pooling whole frames to the flow's size; use "
            + "a flow pre-trained on patches (flow.pretrain.patches_from_height).")
    boolean tiles;

    @Option(names = "--height", paramLabel = "PX", description = "Working height (width by the aspect ratio; with "
            + "--tiles both rounded down to whole tiles); default: the video's own.")
    Integer height;

    @Option(names = "--start", paramLabel = "N", defaultValue = "0", description = "First frame used (default: ${DEFAULT-VALUE}).")
    int start;

    @Option(names = "--max-frames", paramLabel = "N", description = "Frames used from --start on (default: all).")
    Integer maxFrames;

    @Option(names = "--side-by-side", description = "Write the original and the motion-preserved video side by side.")
    boolean sideBySide;

    @Option(names = "--gif", paramLabel = "FILE.gif", description = "Also write a GIF of the first --gif-frames frames "
            + "of the output, scaled to at most --gif-width pixels wide.")
    Path gif;

    @Option(names = "--gif-frames", paramLabel = "N", defaultValue = "96", description = "Frames in the GIF (default: ${DEFAULT-VALUE}).")
    int gifFrames;

    @Option(names = "--gif-width", paramLabel = "PX", defaultValue = "480", description = "Largest GIF width (default: ${DEFAULT-VALUE}).")
    int gifWidth;

    @Option(names = "--moving-threshold", paramLabel = "LUMA", defaultValue = "20",
            description = "Luma change (0-255) between consecutive frames above which a pixel counts as moving in the "
                    + "report of change kept in moving and static regions (default: ${DEFAULT-VALUE}).")
    int movingThreshold;

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
        Config config = common.config(new KeyOptions().set(Catalogue.SUPPRESS_ALPHA, alpha)
                .setText(Catalogue.SUPPRESS_STRATEGY, strategy).setText(Catalogue.SUPPRESS_MODE, mode));
        SuppressionSettings settings = SuppressionSettings.from(config,
                flowWeights != null ? flowWeights.toString() : flowFor(config));
        if (!settings.enabled()) {
            throw new UserException("--strategy none makes no motion-preserved clip");
        }
        try (NDManager manager = NDManager.newBaseManager(config.get(Catalogue.DEVICE).resolve())) {
            FlowModel flow = settings.strategy().usesFlow()
                    ? SavedFlow.load(Path.of(settings.flowWeights()), settings.flowArch(), manager) : null;
            try (StaticCueSuppressor suppressor = settings.suppressor(flow)) {
                if (npy) {
                    suppressNpy(suppressor, manager);
                } else {
                    suppressVideo(suppressor, flow, manager);
                }
            }
        }
        return 0;
    }

    /** The flow's weights, needed by every strategy but tfd. */
    private String flowFor(Config config) {
        boolean tfd = "tfd".equals(config.get(Catalogue.SUPPRESS_STRATEGY));
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
            command.commandLine().getOut().printf(Locale.ROOT, "wrote %s %s, %.1f%% suppressed%n", output,
                    written.shapeText(), 100 * result.suppressedFractions()[0]);
            command.commandLine().getOut().flush();
        }
    }

    private void suppressVideo(StaticCueSuppressor suppressor, FlowModel flow, NDManager manager) throws IOException {
        if (start < 0 || (maxFrames != null && maxFrames < 2) || gifFrames < 1 || gifWidth < 2
                || (height != null && height < 2) || movingThreshold < 0 || movingThreshold > 255) {
            throw new UserException("--start must be >= 0, --max-frames >= 2, --height >= 2, --gif-frames >= 1, "
                    + "--gif-width >= 2 and --moving-threshold in 0..255");
        }
        if (tiles && flow == null) {
            throw new UserException("--tiles needs a flow strategy (not tfd)");
        }
        double[] probe = VideoDecoder.probe(input.toString());
        double fps = probe[2] > 0 ? probe[2] : 25;
        int[] size = workingSize(probe, flow);
        TiledSuppression tiled = tiles ? new TiledSuppression(suppressor, flow.spec().height(), 16) : null;
        ChangeSurvival survival = new ChangeSurvival(movingThreshold);
        int outputWidth = sideBySide ? 2 * size[1] : size[1];
        List<byte[]> gifFramesKept = new ArrayList<>();
        double suppressed = 0;
        int clips = 0;
        int used = 0;
        try (VideoDecoder decoder = VideoDecoder.open(input.toString(), size[0], size[1]);
                VideoWriter writer = new VideoWriter(output, outputWidth, size[0], fps)) {
            byte[] frame = new byte[size[0] * size[1] * 3];
            List<byte[]> pending = new ArrayList<>();
            for (int index = 0; decoder.next(frame) >= 0 && (maxFrames == null || used < maxFrames); index++) {
                if (index < start) {
                    continue;
                }
                pending.add(frame.clone());
                used++;
                boolean last = maxFrames != null && used == maxFrames;
                if (pending.size() == frames || (last && pending.size() >= 2)) {
                    suppressed += suppressClip(stack(pending, size), clips++, suppressor, tiled, survival, writer,
                            gifFramesKept, manager);
                    pending.clear();
                }
            }
            if (pending.size() >= 2) {
                suppressed += suppressClip(stack(pending, size), clips++, suppressor, tiled, survival, writer, gifFramesKept,
                        manager);
            } else if (!pending.isEmpty() && clips > 0) {
                System.err.println("suppress: the last " + pending.size() + " frame(s) are too few for a clip and are left out");
            }
        }
        if (clips == 0) {
            throw new UserException(input + " has fewer than 2 frames from frame " + start);
        }
        if (gif != null) {
            writeGif(gifFramesKept, outputWidth, size[0], fps);
        }
        ChangeSurvival.Result kept = survival.result();
        java.util.Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("input", input.toString());
        report.put("output", output.toString());
        report.put("frames", used);
        report.put("width", size[1]);
        report.put("height", size[0]);
        report.put("fps", fps);
        report.put("flow", flow == null ? null : flow.spec().name());
        report.put("tiles", tiles);
        report.put("suppressed_fraction", suppressed / clips);
        report.put("moving_threshold", movingThreshold);
        report.put("change", kept);
        AtomicFiles.writeString(Path.of(output + ".json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        java.io.PrintWriter printed = command.commandLine().getOut();
        printed.printf(Locale.ROOT, "wrote %s (%d frames at %dx%d in %d clips of up to %d frames%s), %.1f%% suppressed "
                        + "on average; mean frame-to-frame change (luma 0-255) in moving regions (%.1f%% of the pixels) "
                        + "%.1f -> %.1f, in static ones %.1f -> %.1f; static brightness %.0f -> %.0f; report %s.json%n",
                output, used, size[1], size[0], clips, frames, tiles ? ", tile by tile" : "", 100 * suppressed / clips,
                100 * kept.movingShare(), kept.movingChangeIn(), kept.movingChangeOut(), kept.staticChangeIn(),
                kept.staticChangeOut(), kept.staticLumaIn(), kept.staticLumaOut(), output);
        printed.flush();
    }

    /** Height and width to decode at: --height (or the video's) by the aspect ratio, even, or whole tiles. */
    private int[] workingSize(double[] probe, FlowModel flow) {
        int h = height != null ? height : (int) probe[0];
        int w = (int) Math.round(h * probe[1] / Math.max(1, probe[0]));
        if (tiles) {
            int tile = flow.spec().height();
            return new int[] {Math.max(tile, h / tile * tile), Math.max(tile, w / tile * tile)};
        }
        return new int[] {Math.max(2, h & ~1), Math.max(2, w & ~1)}; // MPEG-4 wants even sides
    }

    /** Suppresses one clip, writes it, keeps GIF frames and change statistics; returns its suppressed fraction. */
    private double suppressClip(Clip clip, long index, StaticCueSuppressor suppressor, TiledSuppression tiled,
            ChangeSurvival survival, VideoWriter writer, List<byte[]> gifFramesKept, NDManager manager) throws IOException {
        try (NDManager call = manager.newSubManager()) {
            NDArray tensor = ClipTensors.toTensor(List.of(clip), call);
            SuppressionResult result = tiled != null ? tiled.suppress(tensor, index)
                    : suppressor.suppress(tensor, new long[] {index});
            Clip motion = ClipTensors.toClips(result.output()).get(0);
            survival.add(clip, motion);
            Clip shown = sideBySide ? Clip.sideBySide(List.of(clip, motion)) : motion;
            writer.write(shown);
            for (int t = 0; t < shown.frames() && gifFramesKept.size() < gifFrames; t++) {
                gifFramesKept.add(java.util.Arrays.copyOfRange(shown.rgb(), t * shown.frameBytes(), (t + 1) * shown.frameBytes()));
            }
            return result.suppressedFractions()[0];
        }
    }

    private void writeGif(List<byte[]> frames, int width, int height, double fps) throws IOException {
        Clip clip = new Clip(frames.size(), height, width, concat(frames));
        if (width > gifWidth) {
            int scaledHeight = Math.max(2, (int) Math.round((double) height * gifWidth / width));
            clip = io.s2vc.augment.SeparableResampler.resize(clip, scaledHeight, gifWidth);
        }
        VideoWriter.write(gif, clip, fps);
    }

    private static byte[] concat(List<byte[]> frames) {
        byte[] all = new byte[frames.stream().mapToInt(f -> f.length).sum()];
        int offset = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, all, offset, f.length);
            offset += f.length;
        }
        return all;
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
