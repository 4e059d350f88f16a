package io.s2vc.flow.pretrain;

import ai.djl.ndarray.NDArray;
import io.s2vc.io.NpyArray;
import io.s2vc.io.Npz;
import io.s2vc.nd.CoupledAdam;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowWeights;
import io.s2vc.flow.SavedFlow;
import io.s2vc.util.AtomicFiles;
import io.s2vc.util.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output folder of a pre-training run:
 *
 * <pre>
 * flow.npz                 the latest weights (what {@code --weights} and {@code flow.weights} take)
 * manifest.json            architecture, settings, progress, history; names the checkpoint to resume from
 * loss.png, history.csv    the training curve
 * checkpoint-000001200/    weights.npz, adam.npz (moments), frame-pool.bin, held-out.bin
 * </pre>
 *
 * A checkpoint is written into {@code checkpoint-N.partial/}, forced to disk and renamed; then
 * {@code flow.npz} and the manifest are replaced atomically, and older checkpoints deleted. Whatever
 * moment a crash strikes, the manifest names a complete checkpoint.
 */
public final class PretrainFolder {
    public static final String WEIGHTS = "flow.npz";
    public static final String LOSS_PLOT = "loss.png";
    public static final String HISTORY = "history.csv";
    private static final String CHECKPOINT_PREFIX = "checkpoint-";
    private static final String PARTIAL_SUFFIX = ".partial";
    private static final String MODEL = "weights.npz";
    private static final String MOMENTS = "adam.npz";
    private static final String FIRST_MOMENT = "exp_avg.";
    private static final String SECOND_MOMENT = "exp_avg_sq.";
    private static final String POOL = "frame-pool.bin";
    private static final String HELD_OUT = "held-out.bin";

    private final Path root;

    public PretrainFolder(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path weights() {
        return root.resolve(WEIGHTS);
    }

    public Path manifestFile() {
        return root.resolve(SavedFlow.MANIFEST);
    }

    public boolean hasCheckpoint() {
        return Files.isRegularFile(manifestFile());
    }

    public PretrainManifest manifest() throws IOException {
        return PretrainManifest.read(manifestFile());
    }

    /** The folder name of the checkpoint after {@code step} steps. */
    public static String checkpointName(long step) {
        return String.format("%s%09d", CHECKPOINT_PREFIX, step);
    }

    /** Saves the state after {@code manifest.step()} steps; the manifest names this checkpoint. */
    public void save(PretrainManifest manifest, FlowModel model, CoupledAdam adam, FramePool pool, FramePool heldOut)
            throws IOException {
        Path target = root.resolve(manifest.checkpoint());
        Path partial = root.resolve(manifest.checkpoint() + PARTIAL_SUFFIX);
        Folders.deleteRecursively(partial);
        Files.createDirectories(partial);
        FlowWeights.save(model, partial.resolve(MODEL));
        saveMoments(adam, partial.resolve(MOMENTS));
        pool.write(partial.resolve(POOL));
        heldOut.write(partial.resolve(HELD_OUT));
        for (String file : List.of(MODEL, MOMENTS)) {
            AtomicFiles.force(partial.resolve(file));
        }
        Folders.deleteRecursively(target); // a checkpoint of the same step that no manifest names yet
        AtomicFiles.moveFolder(partial, target);
        AtomicFiles.replace(weights(), temporary ->
                Files.copy(target.resolve(MODEL), temporary, StandardCopyOption.REPLACE_EXISTING));
        manifest.write(manifestFile());
        try (Stream<Path> entries = Files.list(root)) {
            for (Path old : entries.filter(p -> p.getFileName().toString().startsWith(CHECKPOINT_PREFIX))
                    .filter(p -> !p.equals(target)).toList()) {
                Folders.deleteRecursively(old);
            }
        }
    }

    /** Loads the state of the checkpoint the manifest names into the given (initialised) objects. */
    public void restore(PretrainManifest manifest, FlowModel model, CoupledAdam adam, FramePool pool,
            FramePool heldOut) throws IOException {
        Path folder = root.resolve(manifest.checkpoint());
        if (!Files.isDirectory(folder)) {
            throw new IOException("the manifest in " + root + " names " + manifest.checkpoint() + ", which is missing");
        }
        FlowWeights.load(model, folder.resolve(MODEL));
        restoreMoments(adam, folder.resolve(MOMENTS), manifest.step());
        pool.read(folder.resolve(POOL));
        heldOut.read(folder.resolve(HELD_OUT));
    }

    /** Removes a previous run's manifest and checkpoints, so that nothing resumes from them. */
    public void clear() throws IOException {
        Files.deleteIfExists(manifestFile());
        if (Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                for (Path old : entries.filter(p -> p.getFileName().toString().startsWith(CHECKPOINT_PREFIX)).toList()) {
                    Folders.deleteRecursively(old);
                }
            }
        }
    }

    /** Adam's moments as {@code .npz}, under torch's names ({@code exp_avg.<name>}, {@code exp_avg_sq.<name>}). */
    private static void saveMoments(CoupledAdam adam, Path file) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < adam.parameters().size(); i++) {
            arrays.put(FIRST_MOMENT + adam.parameters().keyAt(i), toNpy(adam.firstMoment(i)));
        }
        for (int i = 0; i < adam.parameters().size(); i++) {
            arrays.put(SECOND_MOMENT + adam.parameters().keyAt(i), toNpy(adam.secondMoment(i)));
        }
        Npz.write(file, arrays);
    }

    private static void restoreMoments(CoupledAdam adam, Path file, long savedStep) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(file);
        int n = adam.parameters().size();
        if (arrays.size() != 2 * n) {
            throw new IllegalArgumentException(file + " holds " + arrays.size() + " moments, expected " + 2 * n);
        }
        float[][] first = new float[n][];
        float[][] second = new float[n][];
        for (int i = 0; i < n; i++) {
            first[i] = savedMoment(arrays, FIRST_MOMENT, adam, i, file);
            second[i] = savedMoment(arrays, SECOND_MOMENT, adam, i, file);
        }
        adam.restoreMoments(savedStep, first, second);
    }

    private static float[] savedMoment(Map<String, NpyArray> arrays, String prefix, CoupledAdam adam, int index, Path file) {
        String name = prefix + adam.parameters().keyAt(index);
        NpyArray saved = arrays.get(name);
        if (saved == null || !Arrays.equals(saved.shape(), adam.firstMoment(index).getShape().getShape())) {
            throw new IllegalArgumentException(file + ": missing or mis-shaped " + name);
        }
        return saved.values();
    }

    private static NpyArray toNpy(NDArray array) {
        return new NpyArray(array.getShape().getShape(), array.toFloatArray());
    }
}
