package io.s2vc.stream.train;

import io.s2vc.train.CheckpointManifest;
import io.s2vc.train.CorruptCheckpointException;
import io.s2vc.train.ModelCheckpoint;
import io.s2vc.train.ModelCheckpointStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;

/**
 * Where model checkpoints are kept: a folder on any Flink {@link FileSystem} (a local folder by
 * default; hdfs://, s3://… with the matching Flink file-system plugin). Each training run has its
 * own sub-folder ({@link #run}), and each checkpoint is a folder {@code step-NNNNNNNNNN} in it (see
 * {@link ModelCheckpoint}).
 *
 * <p>Atomic publication: on a local file system the checkpoint is copied to a hidden temporary folder
 * and renamed into place; on a distributed one (where folder renames are not atomic, or absent) the
 * files are copied in place with the manifest last, and readers verify every SHA-256 anyway. A
 * checkpoint of the same step that is already there with the same model SHA-256 is kept as it is
 * (a replay after a failure writes identical models on CPU).
 *
 * <p>A checkpoint on demand: create the file {@value #REQUEST_FILE} in the store ({@code s2vc
 * checkpoint-now}); the trainer writes one after its next step and removes the file.
 *
 * <p>It is the {@link ModelCheckpointStore} the training ({@link io.s2vc.train.CheckpointedTraining}) publishes
 * to and resumes from.
 */
public final class CheckpointStore implements ModelCheckpointStore, Serializable {
    private static final long serialVersionUID = 1L;
    public static final String REQUEST_FILE = "checkpoint.request";
    private static final String PREFIX = "step-";
    private static final String TEMPORARY_PREFIX = ".partial-";

    private final URI root;

    /** @param location a URI ({@code file:///…}, {@code s3://…}) or a local path */
    public CheckpointStore(String location) {
        this.root = toUri(location);
    }

    public static URI toUri(String location) {
        URI uri = URI.create(location.replace(" ", "%20"));
        if (uri.getScheme() == null || uri.getScheme().length() == 1) { // a local path (or a Windows drive)
            return Path.of(location).toAbsolutePath().normalize().toUri();
        }
        return uri;
    }

    public URI root() {
        return root;
    }

    /** The folder name of the checkpoint at {@code step}. */
    public static String name(long step) {
        return ModelCheckpoint.folderName(step);
    }

    /** The store of one training run: the sub-folder named by its id (letters, digits, '.', '_', '-'). */
    @Override
    public CheckpointStore run(String runId) {
        if (!runId.matches("[A-Za-z0-9._-]+") || runId.equals(".") || runId.equals("..")) {
            throw new IllegalArgumentException("a run id may hold letters, digits, '.', '_' and '-', got '" + runId + "'");
        }
        return new CheckpointStore(new org.apache.flink.core.fs.Path(rootPath(), runId).toUri().toString());
    }

    /** The run whose newest checkpoint was published last, or empty when the store holds none. */
    public Optional<CheckpointStore> latestRun() throws IOException {
        FileSystem fs = fileSystem();
        FileStatus[] runs = fs.exists(rootPath()) ? fs.listStatus(rootPath()) : null;
        CheckpointStore latest = null;
        long latestTime = Long.MIN_VALUE;
        for (FileStatus run : runs == null ? new FileStatus[0] : runs) {
            if (!run.isDir() || run.getPath().getName().startsWith(".")) {
                continue;
            }
            CheckpointStore store = new CheckpointStore(run.getPath().toUri().toString());
            // The manifest's time, not the folder's: object stores often report no modification time.
            Optional<CheckpointManifest> newest = store.newestManifest(fs, manifest -> true);
            if (newest.isPresent() && newest.get().timeMs() > latestTime) {
                latestTime = newest.get().timeMs();
                latest = store;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The manifest of the newest complete checkpoint of this run that {@code wanted} accepts. */
    private Optional<CheckpointManifest> newestManifest(FileSystem fs, java.util.function.Predicate<CheckpointManifest> wanted)
            throws IOException {
        List<Long> steps = steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Optional<CheckpointManifest> manifest = readManifest(fs, new org.apache.flink.core.fs.Path(uri(steps.get(i))));
            if (manifest.isPresent() && wanted.test(manifest.get())) {
                return manifest;
            }
        }
        return Optional.empty();
    }

    /** The id of the run this store holds: its folder's name (see {@link #run}). */
    public String runId() {
        return rootPath().getName();
    }

    /**
     * The run a starting trainer continues: {@code runId}'s run when one is configured, else the newest run
     * ({@link #latestRun()}); in it, the newest complete checkpoint that carries the trainer state. Empty when
     * there is none (a new store, or only checkpoints of a build before checkpoints carried the state).
     */
    @Override
    public Optional<Resumable> resumable(String runId) throws IOException {
        Optional<CheckpointStore> run = runId.isBlank() ? latestRun() : Optional.of(run(runId));
        if (run.isEmpty()) {
            return Optional.empty();
        }
        CheckpointStore store = run.get();
        return store.newestManifest(fileSystem(), CheckpointManifest::hasTrainerState)
                .map(manifest -> new Resumable(store.runId(), manifest.step(), store.uri(manifest.step()), manifest));
    }

    /** The manifest of a checkpoint folder, or empty when it is absent, incomplete or foreign. */
    private static Optional<CheckpointManifest> readManifest(FileSystem fs, org.apache.flink.core.fs.Path checkpoint) {
        try (InputStream in = fs.open(new org.apache.flink.core.fs.Path(checkpoint, ModelCheckpoint.MANIFEST))) {
            return Optional.of(CheckpointManifest.fromJson(in.readAllBytes()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The URI of the checkpoint at {@code step} in this store. */
    public URI uri(long step) {
        return new org.apache.flink.core.fs.Path(rootPath(), name(step)).toUri();
    }

    private org.apache.flink.core.fs.Path rootPath() {
        return new org.apache.flink.core.fs.Path(root);
    }

    private FileSystem fileSystem() throws IOException {
        return FileSystem.get(root);
    }

    /**
     * Publishes a complete local checkpoint folder as {@code step-NNNNNNNNNN}.
     *
     * @return the URI of the published checkpoint
     */
    @Override
    public URI publish(Path localCheckpoint, CheckpointManifest manifest) throws IOException {
        FileSystem fs = fileSystem();
        org.apache.flink.core.fs.Path target = new org.apache.flink.core.fs.Path(rootPath(), name(manifest.step()));
        fs.mkdirs(rootPath());
        if (fs.exists(target)) {
            // An incomplete or foreign folder has no readable manifest: replace it.
            if (readManifest(fs, target).map(CheckpointManifest::modelSha256).filter(manifest.modelSha256()::equals)
                    .isPresent()) {
                return target.toUri();
            }
            fs.delete(target, true);
        }
        if (fs.isDistributedFS()) {
            copyFolder(localCheckpoint, fs, target);
        } else {
            org.apache.flink.core.fs.Path temporary = new org.apache.flink.core.fs.Path(rootPath(),
                    TEMPORARY_PREFIX + name(manifest.step()) + "-" + UUID.randomUUID());
            copyFolder(localCheckpoint, fs, temporary);
            if (!fs.rename(temporary, target)) {
                fs.delete(temporary, true);
                throw new IOException("cannot rename " + temporary + " to " + target);
            }
        }
        return target.toUri();
    }

    /** Copies the files of a local folder, the manifest last: its presence marks a complete checkpoint. */
    private static void copyFolder(Path local, FileSystem fs, org.apache.flink.core.fs.Path target) throws IOException {
        fs.mkdirs(target);
        List<Path> files;
        try (Stream<Path> listing = Files.list(local)) {
            files = new ArrayList<>(listing.filter(Files::isRegularFile).sorted(
                    Comparator.comparing((Path p) -> p.getFileName().toString().equals(ModelCheckpoint.MANIFEST))
                            .thenComparing(Path::getFileName)).toList());
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file);
                    OutputStream out = fs.create(new org.apache.flink.core.fs.Path(target, file.getFileName().toString()),
                            WriteMode.OVERWRITE)) {
                in.transferTo(out);
            }
        }
    }

    /** The published checkpoints' steps, oldest first. */
    public List<Long> steps() throws IOException {
        FileSystem fs = fileSystem();
        if (!fs.exists(rootPath())) {
            return List.of();
        }
        FileStatus[] listing = fs.listStatus(rootPath());
        if (listing == null) {
            return List.of();
        }
        return Arrays.stream(listing).filter(FileStatus::isDir).map(s -> s.getPath().getName())
                .filter(n -> n.matches(PREFIX + "\\d+")).map(n -> Long.parseLong(n.substring(PREFIX.length())))
                .sorted().toList();
    }

    /**
     * Keeps the newest {@code keep} checkpoints up to step {@code upTo} (the one just published) and deletes
     * older ones (0 = keep all); steps above {@code upTo} (left by an earlier run of the same id) are not
     * counted or touched. Returns how many were deleted.
     */
    @Override
    public int retain(int keep, long upTo) throws IOException {
        if (keep <= 0) {
            return 0;
        }
        List<Long> steps = steps().stream().filter(step -> step <= upTo).toList();
        FileSystem fs = fileSystem();
        int deleted = 0;
        for (int i = 0; i < steps.size() - keep; i++) {
            fs.delete(new org.apache.flink.core.fs.Path(rootPath(), name(steps.get(i))), true);
            deleted++;
        }
        return deleted;
    }

    /** Asks the trainer writing to this store for a checkpoint after its next step. */
    public void requestCheckpoint() throws IOException {
        FileSystem fs = fileSystem();
        fs.mkdirs(rootPath());
        try (OutputStream out = fs.create(requestPath(), WriteMode.OVERWRITE)) {
            out.write(new byte[0]);
        }
    }

    /** True (once) when a checkpoint was requested: the request is removed. */
    @Override
    public boolean takeRequest() throws IOException {
        FileSystem fs = fileSystem();
        if (!fs.exists(requestPath())) {
            return false;
        }
        fs.delete(requestPath(), false);
        return true;
    }

    private org.apache.flink.core.fs.Path requestPath() {
        return new org.apache.flink.core.fs.Path(rootPath(), REQUEST_FILE);
    }

    /** {@link #fetch}, for the training. */
    @Override
    public Path localFolder(URI uri, Path scratch) throws IOException, CorruptCheckpointException {
        return fetch(uri, scratch);
    }

    /**
     * A verified local folder of the checkpoint at {@code uri}: the folder itself on a local file
     * system, else a copy made in {@code scratch}.
     *
     * @throws CorruptCheckpointException when it is missing, incomplete or fails its SHA-256
     */
    public static Path fetch(URI uri, Path scratch) throws IOException, CorruptCheckpointException {
        if ("file".equals(uri.getScheme())) {
            Path local = Path.of(uri);
            ModelCheckpoint.verify(local);
            return local;
        }
        FileSystem fs = FileSystem.get(uri);
        org.apache.flink.core.fs.Path folder = new org.apache.flink.core.fs.Path(uri);
        FileStatus[] listing = fs.exists(folder) ? fs.listStatus(folder) : null;
        if (listing == null) {
            throw new CorruptCheckpointException(uri.toString(), "no such folder");
        }
        Path into = scratch.resolve(folder.getName());
        Files.createDirectories(into);
        for (FileStatus file : listing) {
            if (!file.isDir()) {
                try (InputStream in = fs.open(file.getPath())) {
                    Files.copy(in, into.resolve(file.getPath().getName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        ModelCheckpoint.verify(into);
        return into;
    }
}
