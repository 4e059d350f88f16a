package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import ai.djl.ndarray.NDManager;
import io.s2vc.config.Config;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.SavedFlow;
import io.s2vc.plot.BarChart;
import io.s2vc.plot.FrameGrid;
import io.s2vc.stream.suppress.SuppressionSettings;
import io.s2vc.nd.ClipTensors;
import io.s2vc.eval.IntraClassSuppression;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressedClips;
import io.s2vc.suppress.SuppressionResult;
import io.s2vc.suppress.TiledSuppression;
import io.s2vc.suppress.SuppressionSeeds;
import io.s2vc.suppress.SuppressionStrategy;
import io.s2vc.util.AtomicFiles;
import io.s2vc.video.Clip;
import io.s2vc.video.DatasetLayout;
import io.s2vc.video.Split;
import io.s2vc.video.VideoDecoder;
import io.s2vc.video.VideoEntry;
import io.s2vc.video.VideoWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = {"Pictures of static-cue suppression.",
            "VIDEO: the first T frames, resized to the profile's augment size, as grid.png (rows: original, the "
                    + "motion-preserved view at several alphas, the TFD baseline; like the paper's Fig. 3 right and "
                    + "Fig. 5) and comparison.gif (+ .mp4): original | motion-preserved | TFD side by side.",
            "--folder DATA_ROOT: per class of a UCF101/HMDB51 folder (test videos of split 1), the mean pairwise "
                    + "cosine similarity of the temporal-mean flow latent Z and of Z_p after suppression, as "
                    + "intra-class-similarity.png and .csv (the paper's Fig. 4; the CSV also has the paper's "
                    + "frame-by-frame variant)."})
final class VisualizeCommand implements Callable<Integer> {
    static final String GRID = "grid.png";
    static final String COMPARISON = "comparison";
    static final String SIMILARITY = "intra-class-similarity";
    /** Height of --tiles pictures: 6 tiles of the 32-pixel CPU flow, 8 across at 4:3. */
    static final int DEFAULT_TILED_HEIGHT = 192;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VIDEO", description = "A video file.")
    Path video;

    @Option(names = "--folder", paramLabel = "DATA_ROOT", description = "A labelled UCF101 or HMDB51 folder instead of one video.")
    Path folder;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder for the pictures.")
    Path output;

    @Option(names = "--flow-weights", paramLabel = "FILE.npz",
            description = "Flow weights (default: flow.weights, else the flow pre-trained in WORK/flow).")
    Path flowWeights;

    @Option(names = "--frames", paramLabel = "T", defaultValue = "16", description = "Frames taken from each video (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--size", paramLabel = "PX", description = "Frame side after resizing (default: augment.size).")
    Integer size;

    @Option(names = "--alphas", paramLabel = "A,...", split = ",", defaultValue = "0.1,0.3,0.5,0.7",
            description = "Alphas of the grid rows (default: ${DEFAULT-VALUE}).")
    List<Double> alphas;

    @Option(names = "--tiles", description = "VIDEO mode for real footage: keep the aspect ratio, --size is the height "
            + "(default 192), and suppress tile by tile at the flow's own resolution (see `s2vc suppress --tiles`).")
    boolean tiles;

    @Option(names = "--columns", paramLabel = "N", defaultValue = "6", description = "Frames shown in the grid (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--per-class", paramLabel = "N", defaultValue = "5", description = "Videos per class in folder mode (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--max-classes", paramLabel = "N", defaultValue = "10",
            description = "Classes in folder mode, evenly spread over the labels (default: ${DEFAULT-VALUE}, as in the paper).")
    int maxClasses;

    @Override
    public Integer call() throws Exception {
        if ((video == null) == (folder == null)) {
            throw new UserException("give either a VIDEO or --folder DATA_ROOT");
        }
        if (frames < 2) {
            throw new UserException("--frames must be >= 2");
        }
        if (columns < 1 || perClass < 1 || maxClasses < 1) {
            throw new UserException("--columns, --per-class and --max-classes must be >= 1");
        }
        Config config = common.config();
        int side = size != null ? size : tiles ? DEFAULT_TILED_HEIGHT : config.get(Catalogue.AUGMENT_SIZE);
        if (side < 2) {
            throw new UserException("--size must be >= 2");
        }
        Path weights = flowWeights != null ? flowWeights : PretrainedFlow.weights(config, common.work());
        if (!Files.isRegularFile(weights)) {
            throw new UserException("no such flow weights file: " + weights);
        }
        SuppressionSettings settings = SuppressionSettings.from(config, weights.toString());
        Files.createDirectories(output);
        PrintWriter out = command.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager(config.get(Catalogue.DEVICE).resolve())) {
            FlowModel flow = SavedFlow.load(weights, settings.flowArch(), manager);
            if (video != null) {
                visualizeVideo(settings, flow, side, manager, out);
            } else {
                visualizeFolder(settings, flow, side, manager, out);
            }
        }
        out.flush();
        return 0;
    }

    private void visualizeVideo(SuppressionSettings settings, FlowModel flow, int side, NDManager manager, PrintWriter out)
            throws IOException {
        if (!Files.isRegularFile(video)) {
            throw new UserException("no such video file: " + video);
        }
        int tile = flow.spec().height();
        double[] probe = VideoDecoder.probe(video.toString());
        int width = (int) Math.round(side * probe[1] / Math.max(1, probe[0]));
        Clip original = tiles ? firstFrames(video, frames, Math.max(tile, side / tile * tile), Math.max(tile, width / tile * tile))
                : firstFrames(video, frames, side);
        if (original.frames() < 2) {
            throw new UserException(video + " has fewer than 2 frames");
        }
        long[] seeds = {SuppressionSeeds.forClip(video.getFileName().toString(), 0)};
        FrameGrid grid = new FrameGrid(FrameGrid.evenlySpaced(original.frames(), columns));
        grid.addRow("original", original);
        Clip preserved = null;
        for (double alpha : alphas) {
            try (StaticCueSuppressor suppressor = flowSuppressor(settings, flow, alpha)) {
                SuppressedClips result = suppressOne(suppressor, original, seeds[0], tile, manager);
                float fraction = result.suppressedFractions()[0];
                grid.addRow(String.format(Locale.ROOT, "α = %s (%.0f%% supp.)", alpha, 100 * fraction),
                        result.clips().get(0));
                out.printf(Locale.ROOT, "alpha %s: %.1f%% of the latents suppressed%n", alpha, 100 * fraction);
                if (alpha == settings.alpha()) {
                    preserved = result.clips().get(0);
                }
            }
        }
        if (preserved == null) {
            try (StaticCueSuppressor suppressor = flowSuppressor(settings, flow, settings.alpha())) {
                SuppressedClips result = suppressOne(suppressor, original, seeds[0], tile, manager);
                preserved = result.clips().get(0);
                out.printf(Locale.ROOT, "alpha %s: %.1f%% of the latents suppressed%n", settings.alpha(),
                        100 * result.suppressedFractions()[0]);
            }
        }
        Clip tfd;
        try (StaticCueSuppressor suppressor = StaticCueSuppressor.builder().optStrategy(SuppressionStrategy.TFD)
                .optTfdKeepFraction(settings.tfdKeep()).build()) {
            tfd = suppressor.suppress(List.of(original), seeds).clips().get(0);
        }
        grid.addRow(String.format(Locale.ROOT, "TFD (top %.0f%%)", 100 * settings.tfdKeep()), tfd);
        grid.writePng(output.resolve(GRID));

        Clip sideBySide = Clip.sideBySide(List.of(original, preserved, tfd));
        double fps = VideoDecoder.probe(video.toString())[2];
        fps = fps > 0 ? fps : 25;
        VideoWriter.write(output.resolve(COMPARISON + ".gif"), sideBySide, fps);
        String written = GRID + ", " + COMPARISON + ".gif";
        if (sideBySide.width() % 2 == 0 && sideBySide.height() % 2 == 0) {
            VideoWriter.write(output.resolve(COMPARISON + ".mp4"), sideBySide, fps);
            written += ", " + COMPARISON + ".mp4";
        }
        out.printf(Locale.ROOT, "wrote %s in %s (original | motion-preserved at alpha %s | TFD)%n", written, output,
                settings.alpha());
    }

    private void visualizeFolder(SuppressionSettings settings, FlowModel flow, int side, NDManager manager,
            PrintWriter out) throws IOException {
        DatasetLayout layout;
        List<VideoEntry> entries;
        try {
            layout = DatasetLayout.detect(folder);
            entries = layout.entries(1, Split.TEST);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        Map<Integer, List<VideoEntry>> selected = IntraClassSuppression.select(entries, perClass, maxClasses);
        List<IntraClassSuppression.ClassRow> rows;
        try (StaticCueSuppressor suppressor = flowSuppressor(settings, flow, settings.alpha())) {
            rows = IntraClassSuppression.measure(selected, video -> firstFrames(video.file(), frames, side), suppressor,
                    manager);
        }
        for (IntraClassSuppression.ClassRow row : rows) {
            out.printf(Locale.ROOT, "%s: %d videos, cos(Z) %.4f, cos(Z_p) %.4f, %.1f%% suppressed%n", row.className(),
                    row.videos(), row.cosineZ(), row.cosineZp(), 100 * row.suppressedFraction());
        }
        AtomicFiles.writeString(output.resolve(SIMILARITY + ".csv"), IntraClassSuppression.csv(rows));
        BarChart.builder()
                .optTitle(layout.name() + ": intra-class cosine similarity of the temporal-mean latent")
                .optYLabel("mean pairwise cosine similarity")
                .setCategories(rows.stream().map(IntraClassSuppression.ClassRow::className).toList())
                .addSeries("Z", rows.stream().mapToDouble(IntraClassSuppression.ClassRow::cosineZ).toArray())
                .addSeries("Z_p (alpha " + settings.alpha() + ")",
                        rows.stream().mapToDouble(IntraClassSuppression.ClassRow::cosineZp).toArray())
                .build().writePng(output.resolve(SIMILARITY + ".png"));
        out.printf(Locale.ROOT, "wrote %s.png and %s.csv in %s (%d classes)%n", SIMILARITY, SIMILARITY, output,
                rows.size());
    }

    /** One clip's motion-preserved version: whole frames pooled to the flow's size, or tile by tile with --tiles. */
    private SuppressedClips suppressOne(StaticCueSuppressor suppressor, Clip clip, long seed, int tile, NDManager manager) {
        if (!tiles) {
            return suppressor.suppress(List.of(clip), new long[] {seed});
        }
        try (NDManager call = manager.newSubManager()) {
            SuppressionResult result = new TiledSuppression(suppressor, tile, 16)
                    .suppress(ClipTensors.toTensor(List.of(clip), call), seed);
            return new SuppressedClips(ClipTensors.toClips(result.output()), result.suppressedFractions());
        }
    }

    /** The configured latent strategy (zero when the configuration says none or tfd) at {@code alpha}. */
    private static StaticCueSuppressor flowSuppressor(SuppressionSettings settings, FlowModel flow, double alpha) {
        SuppressionStrategy strategy = settings.enabled() && settings.strategy().usesFlow()
                ? settings.strategy() : SuppressionStrategy.ZERO;
        return StaticCueSuppressor.builder().setFlow(flow).optAlpha(alpha).optMode(settings.mode())
                .optStrategy(strategy).optSeed(settings.seed()).build();
    }

    /** Up to {@code count} first frames of {@code file}, resized to side × side. */
    static Clip firstFrames(Path file, int count, int side) throws IOException {
        return firstFrames(file, count, side, side);
    }

    /** The first {@code count} frames (fewer if the video is shorter), decoded at {@code height}×{@code width}. */
    static Clip firstFrames(Path file, int count, int height, int width) throws IOException {
        int frameBytes = height * width * Clip.CHANNELS;
        byte[] rgb = new byte[count * frameBytes];
        byte[] frame = new byte[frameBytes];
        int read = 0;
        try (VideoDecoder decoder = VideoDecoder.open(file.toString(), height, width)) {
            while (read < count && decoder.next(frame) >= 0) {
                System.arraycopy(frame, 0, rgb, read * frameBytes, frameBytes);
                read++;
            }
        }
        if (read == 0) {
            throw new UserException(file + " has no frames");
        }
        return new Clip(read, height, width, java.util.Arrays.copyOf(rgb, read * frameBytes));
    }
}
