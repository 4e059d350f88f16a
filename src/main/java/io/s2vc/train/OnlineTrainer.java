package io.s2vc.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.s2vc.nd.ClipTensors;
import io.s2vc.video.Clip;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * MoCo training on a stream of positive pairs: pairs are buffered until a batch of
 * {@code batch_size} is complete, then one {@link TrainingStep} runs on it. Batches are cut by count
 * only, never by time, so the same input gives the same batches (and the same model) whenever it is
 * replayed; {@link #flush()} trains a last, smaller batch at the end of the input.
 *
 * <p>With a training budget ({@code train.max_steps} = N &gt; 0) the trainer stops optimising at step N:
 * later pairs are counted ({@link #pairsBeyondBudget()}) and dropped, never buffered.
 *
 * <p>{@link #snapshot()} holds everything needed to continue exactly: the {@link TrainerState}, the
 * buffered pairs, the pairs seen and the distinct videos seen. Not thread-safe.
 */
public final class OnlineTrainer implements AutoCloseable {
    private static final String MAGIC = "S2VC-ONLINE-TRAINER";
    /** 2 adds the pairs digest; snapshots of format 1 restore with an empty digest. */
    private static final int FORMAT_VERSION = 2;

    private final TrainingSettings settings;
    private final NDManager manager;
    private final TrainingStep step;
    private final List<TrainingPair> pending = new ArrayList<>();
    private final Set<String> videosSeen = new HashSet<>();
    private long pairsSeen;
    private final PairsDigest pairsDigest = new PairsDigest();
    /** Not in the snapshot: it counts what was dropped, nothing a continued run computes with. */
    private long pairsBeyondBudget;

    /** A new trainer whose model lives in a sub-manager of {@code manager} (on its device). */
    public OnlineTrainer(TrainingSettings settings, NDManager manager) {
        this.settings = settings;
        this.manager = manager.newSubManager();
        try {
            this.step = settings.stepBuilder().build(this.manager);
        } catch (RuntimeException e) {
            this.manager.close();
            throw e;
        }
    }

    /**
     * Checks a pair against the views this trainer takes, without keeping it.
     *
     * @throws IllegalArgumentException with the reason, if the pair cannot be trained on
     */
    public void check(TrainingPair pair) {
        Clip q = pair.query();
        if (q.frames() != settings.clipFrames() || q.height() != settings.viewSize() || q.width() != settings.viewSize()) {
            throw new IllegalArgumentException("pair " + pair.clipId() + " has " + TrainingPair.shape(q)
                    + " views; this trainer takes " + settings.clipFrames() + "x" + settings.viewSize() + "x"
                    + settings.viewSize() + " (clip.frames x augment.size)");
        }
    }

    /**
     * Adds a pair; trains and returns the step's result when it completes a batch. Once the budget is spent
     * the pair is only counted as beyond it.
     */
    public Optional<StepResult> add(TrainingPair pair) {
        check(pair);
        if (budgetSpent()) {
            pairsBeyondBudget++;
            return Optional.empty();
        }
        pending.add(pair);
        pairsSeen++;
        pairsDigest.add(pair.clipId());
        if (pair.videoId() != null) {
            videosSeen.add(pair.videoId());
        }
        return pending.size() >= settings.batchSize() ? Optional.of(trainPending()) : Optional.empty();
    }

    /** Trains on the buffered pairs, fewer than a batch (a ragged last batch), if there are any. */
    public Optional<StepResult> flush() {
        return pending.isEmpty() ? Optional.empty() : Optional.of(trainPending());
    }

    private StepResult trainPending() {
        List<Clip> queries = new ArrayList<>(pending.size());
        List<Clip> keys = new ArrayList<>(pending.size());
        List<String> videos = new ArrayList<>(pending.size());
        for (TrainingPair pair : pending) {
            queries.add(pair.query());
            keys.add(pair.key());
            videos.add(pair.videoId());
        }
        pending.clear();
        try (NDManager batch = manager.newSubManager()) {
            NDArray queryClips = ClipTensors.toTensor(queries, batch);
            NDArray keyClips = ClipTensors.toTensor(keys, batch);
            return step.run(queryClips, keyClips, videos);
        }
    }

    public TrainingStep step() {
        return step;
    }

    public TrainingSettings settings() {
        return settings;
    }

    /** Optimiser steps taken: the model version. */
    public long globalStep() {
        return step.globalStep();
    }

    public long pairsSeen() {
        return pairsSeen;
    }

    /** The {@link PairsDigest} (hex) of the ids of the pairs seen: with {@link #pairsSeen()}, which pairs. */
    public String pairsDigest() {
        return pairsDigest.hex();
    }

    /** Whether the training budget ({@code train.max_steps}) is spent: no further step will be taken. */
    public boolean budgetSpent() {
        return settings.budgetSpentAt(globalStep());
    }

    /** Pairs dropped because they came after the budget was spent (since this trainer was created). */
    public long pairsBeyondBudget() {
        return pairsBeyondBudget;
    }

    public int pendingPairs() {
        return pending.size();
    }

    public int distinctVideosSeen() {
        return videosSeen.size();
    }

    /**
     * True while the queue has more slots than distinct videos have been seen: then it must hold keys
     * of a query's own video as negatives (false negatives, moco issue #146).
     */
    public boolean queueExceedsVideos() {
        return step.contrast().queue().capacity() > videosSeen.size();
    }

    /** Everything needed to continue exactly, as bytes (see the class comment). */
    public byte[] snapshot() {
        SnapshotParts parts = snapshotParts();
        byte[] bytes = new byte[parts.size()];
        parts.copyTo(bytes, 0);
        return bytes;
    }

    /**
     * {@link #snapshot()} in its two parts, which follow each other: the small head (counters, buffered pairs, the
     * state's length) and the {@link TrainerState} (encoders, moments, queue: for R3D-18 about 0.5 GB). A format that
     * encloses it copies the large part once, into its own array.
     */
    public record SnapshotParts(byte[] head, TrainerState state) {
        public int size() {
            return Math.addExact(head.length, state.size());
        }

        public void copyTo(byte[] target, int offset) {
            System.arraycopy(head, 0, target, offset, head.length);
            state.copyTo(target, offset + head.length);
        }
    }

    public SnapshotParts snapshotParts() {
        TrainerState trainer = step.snapshot();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024
                + pending.size() * 2 * (pending.isEmpty() ? 0 : pending.get(0).query().rgb().length));
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(pairsSeen);
            out.writeLong(pairsDigest.value());
            out.writeInt(videosSeen.size());
            for (String video : videosSeen.stream().sorted().toList()) {
                out.writeUTF(video);
            }
            out.writeInt(pending.size());
            for (TrainingPair pair : pending) {
                out.writeUTF(pair.clipId());
                writeNullable(out, pair.videoId());
                writeClip(out, pair.query());
                writeClip(out, pair.key());
            }
            out.writeInt(trainer.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the online trainer", e);
        }
        return new SnapshotParts(buffer.toByteArray(), trainer);
    }

    /** Continues from a {@link #snapshot()} of a trainer with the same model settings. */
    public void restore(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int version = MAGIC.equals(in.readUTF()) ? in.readInt() : -1;
            if (version != 1 && version != FORMAT_VERSION) {
                throw new IllegalArgumentException("not an online trainer snapshot of format " + FORMAT_VERSION);
            }
            long seen = in.readLong();
            long digest = version >= 2 ? in.readLong() : 0;
            Set<String> videos = new HashSet<>();
            for (int i = in.readInt(); i > 0; i--) {
                videos.add(in.readUTF());
            }
            List<TrainingPair> buffered = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                buffered.add(new TrainingPair(in.readUTF(), readNullable(in), readClip(in), readClip(in)));
            }
            byte[] trainer = new byte[in.readInt()];
            in.readFully(trainer);
            step.restore(TrainerState.fromBytes(trainer));
            pairsSeen = seen;
            pairsDigest.set(digest);
            videosSeen.clear();
            videosSeen.addAll(videos);
            pending.clear();
            pending.addAll(buffered);
        } catch (IOException e) {
            throw new IllegalArgumentException("online trainer snapshot is truncated: " + e.getMessage(), e);
        }
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeClip(DataOutputStream out, Clip clip) throws IOException {
        out.writeInt(clip.frames());
        out.writeInt(clip.height());
        out.writeInt(clip.width());
        out.write(clip.rgb());
    }

    private static Clip readClip(DataInputStream in) throws IOException {
        int frames = in.readInt();
        int height = in.readInt();
        int width = in.readInt();
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(frames, height), width * Clip.CHANNELS)];
        in.readFully(rgb);
        return new Clip(frames, height, width, rgb);
    }

    @Override
    public void close() {
        manager.close();
    }
}
