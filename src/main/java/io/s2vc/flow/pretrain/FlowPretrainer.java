package io.s2vc.flow.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.nd.Autograd;
import io.s2vc.nd.CoupledAdam;
import io.s2vc.nd.GradientGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maximum-likelihood pre-training of a flow (the paper's Eq. 2; AdvFlow's recipe, reference §1.7):
 * minimise the mean over a batch of ½‖z‖² − log|det J| on flipped, dequantised, noisy frames, with
 * {@link CoupledAdam} and {@link LearningRateSchedule}; report the NLL in bits per dimension of a
 * fixed held-out set, drawn once.
 *
 * <p>Frames come from a {@link FrameSource} through a bounded {@link FramePool}. Every random draw of
 * step n comes from a generator seeded by (seed, n) ({@link SeededStreams}), so the checkpoint (weights,
 * Adam moments and step, pool, held-out frames, source position, in {@link PretrainFolder}) is the
 * whole state, and a resumed run computes exactly what an uninterrupted one would have.
 *
 * <p>Memory: every step's arrays live in a sub-manager closed at the end of the step.
 */
public final class FlowPretrainer {
    private static final Logger LOG = LoggerFactory.getLogger(FlowPretrainer.class);
    /** Reads in a row that may come back empty before the source counts as dry (Kafka polls wait ~1 s each). */
    private static final int MAX_EMPTY_READS = 120;
    /** Frames in the pool before the first step: enough for varied batches, few enough to start quickly. */
    private static final int INITIAL_POOL_BATCHES = 8;

    private final FlowModel model;
    private final FlowSpec spec;
    private final NDManager manager;
    private final PretrainSettings settings;
    private final FrameSource source;
    private final FrameSource heldOutSource;
    private final PretrainFolder folder;
    private final PretrainListener listener;
    private final ResumeMode resumeMode;
    private final CoupledAdam adam;
    private final GradientGuard guard;
    private final LikelihoodStep likelihoodStep;
    private final Dequantizer dequantizer;
    private final FramePool pool;
    private final FramePool heldOut;
    private final double nllConstant;

    private long step;
    private double seconds;
    private PretrainManifest.LossWindow window = PretrainManifest.LossWindow.EMPTY;
    private final List<HistoryPoint> history = new ArrayList<>();

    private FlowPretrainer(Builder builder) {
        this.model = builder.model;
        this.spec = model.spec();
        this.manager = model.stateDict().values().iterator().next().getArray().getManager();
        this.settings = builder.settings;
        this.source = builder.source;
        this.heldOutSource = builder.heldOutSource;
        this.folder = new PretrainFolder(builder.output);
        this.listener = builder.listener;
        this.resumeMode = builder.resumeMode;
        this.adam = CoupledAdam.builder().optBeta1(settings.beta1()).optBeta2(settings.beta2())
                .optEpsilon(settings.epsilon()).optWeightDecay(settings.weightDecay())
                .build(LikelihoodStep.trainableParameters(model), manager);
        this.guard = new GradientGuard("flow pre-training", builder.maxNonFiniteInARow);
        this.likelihoodStep = new LikelihoodStep(model, adam, guard);
        this.dequantizer = new Dequantizer(spec.height(), spec.width(), settings.flipProbability(), settings.noiseSigma());
        int frameBytes = spec.height() * spec.width() * 3;
        this.pool = new FramePool(settings.poolFrames(), frameBytes);
        this.heldOut = new FramePool(settings.heldOutFrames(), frameBytes);
        double d = spec.dimensions();
        this.nllConstant = d / 2 * Math.log(2 * Math.PI) + d * Math.log(256);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Steps whose update was skipped because a gradient was not finite (see {@link GradientGuard}). */
    public long skippedSteps() {
        return guard.skippedSteps();
    }

    /** Runs to the end of the schedule. */
    public PretrainManifest run() throws IOException {
        return run(Long.MAX_VALUE);
    }

    /**
     * Runs until the schedule ends or {@code stopAtStep} steps are done (a later run resumes from
     * there), saving a checkpoint at every {@code checkpointEvery} steps and when it stops.
     *
     * @return the manifest of the last checkpoint
     */
    public PretrainManifest run(long stopAtStep) throws IOException {
        if (spec.channels() != 3) {
            throw new IllegalArgumentException("pre-training reads RGB frames; flow '" + spec.name() + "' has "
                    + spec.channels() + " channels");
        }
        boolean resumed = prepare();
        long total = settings.schedule().totalSteps();
        long end = Math.min(total, stopAtStep);
        listener.started(step, total, resumed);
        PretrainManifest manifest = resumed ? folder.manifest() : null;
        long startNanos = System.nanoTime();
        double secondsBefore = seconds;
        while (step < end) {
            trainOneStep();
            seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
            if (step % settings.evaluateEvery() == 0 || step == total) {
                recordHistoryPoint();
            }
            if (step % settings.checkpointEvery() == 0 || step == end) {
                manifest = checkpoint();
            }
        }
        if (manifest == null) { // nothing to train (stopAtStep 0): keep the start state all the same
            manifest = checkpoint();
        }
        return manifest;
    }

    /** Restores the checkpoint or draws the held-out set and the first pool; true if resumed. */
    private boolean prepare() throws IOException {
        boolean exists = folder.hasCheckpoint();
        if (resumeMode == ResumeMode.REQUIRE && !exists) {
            throw new IllegalArgumentException("nothing to resume: no " + folder.manifestFile());
        }
        if (exists && resumeMode != ResumeMode.FRESH) {
            restore(folder.manifest());
            return true;
        }
        folder.clear();
        fill(heldOut, heldOutSource, settings.heldOutFrames(), SeededStreams.of(settings.seed(), SeededStreams.HELD_OUT, 1));
        fill(pool, source, Math.min(settings.poolFrames(), INITIAL_POOL_BATCHES * settings.batchSize()),
                SeededStreams.of(settings.seed(), SeededStreams.STEP, -1));
        recordHistoryPoint(); // the starting point of the curve
        return false;
    }

    private void restore(PretrainManifest manifest) throws IOException {
        if (!manifest.architecture().equals(spec)) {
            throw new IllegalArgumentException("the checkpoint in " + folder.root() + " is of flow '"
                    + manifest.architecture().name() + "', not '" + spec.name() + "' (use another output folder)");
        }
        List<String> changed = settings.differencesFrom(manifest.settings());
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint in " + folder.root() + " was made with other settings ("
                    + String.join("; ", changed) + "): run with the same ones, start afresh, or use another output folder");
        }
        folder.restore(manifest, model, adam, pool, heldOut);
        source.seek(manifest.sourcePosition());
        step = manifest.step();
        seconds = manifest.seconds();
        window = manifest.window();
        history.addAll(manifest.history());
        LOG.info("resumed {} at step {} of {}", folder.root(), step, manifest.totalSteps());
    }

    private void trainOneStep() throws IOException {
        SplittableRandom random = SeededStreams.of(settings.seed(), SeededStreams.STEP, step);
        for (int r = 0; r < settings.readsPerStep(); r++) {
            pool.add(source.next(), random);
        }
        float[] frames = dequantizer.training(pool.sample(settings.batchSize(), random), random);
        double learningRate = settings.schedule().rate(step);
        double bits;
        try (NDManager stepManager = manager.newSubManager()) {
            bits = likelihoodStep.run(stepManager.create(frames, spec.frameShape(settings.batchSize())), learningRate,
                    step + 1);
        }
        step++; // a skipped step still consumes its draws, so a resumed run stays exact
        double loss = bits * spec.dimensions() * Math.log(2) - nllConstant;
        window = window.plus(loss, bits);
        listener.stepped(step, loss, bits, learningRate);
    }

    private void recordHistoryPoint() {
        double heldOutBits = heldOutBitsPerDim();
        HistoryPoint point = new HistoryPoint(step, settings.schedule().rate(Math.max(0, step - 1)),
                window.steps() == 0 ? null : window.lossSum() / window.steps(),
                window.steps() == 0 ? null : window.bitsSum() / window.steps(), heldOutBits, seconds);
        history.add(point);
        window = PretrainManifest.LossWindow.EMPTY;
        listener.evaluated(point);
    }

    /**
     * Mean NLL of the held-out frames in bits/dim, dequantised with offsets drawn once from the seed
     * (the same at every evaluation), without flip or noise.
     */
    public double heldOutBitsPerDim() {
        SplittableRandom offsets = SeededStreams.of(settings.seed(), SeededStreams.HELD_OUT, 0);
        double sum = 0;
        try (Autograd.Scope noAutograd = Autograd.pause()) {
            for (int start = 0; start < heldOut.size(); start += settings.batchSize()) {
                int count = Math.min(settings.batchSize(), heldOut.size() - start);
                float[] frames = dequantizer.dequantizeOnly(heldOut.frames(start, count), offsets);
                try (NDManager chunkManager = manager.newSubManager()) {
                    NDArray batch = chunkManager.create(frames, spec.frameShape(count));
                    sum += model.bitsPerDim(batch).sum().getFloat();
                }
            }
        }
        return sum / heldOut.size();
    }

    private PretrainManifest checkpoint() throws IOException {
        PretrainManifest manifest = new PretrainManifest(PretrainManifest.FORMAT, spec, PretrainFolder.WEIGHTS,
                PretrainFolder.checkpointName(step), step, settings.schedule().totalSteps(), settings,
                source.describe(), source.position(), heldOutSource.describe(), seconds, window, history);
        folder.save(manifest, model, adam, pool, heldOut);
        PretrainReport.write(folder, manifest);
        listener.checkpointed(step, folder.root().resolve(manifest.checkpoint()));
        return manifest;
    }

    /** Reads from {@code from} into {@code target} until it holds {@code count} frames. */
    private static void fill(FramePool target, FrameSource from, int count, SplittableRandom random) throws IOException {
        int emptyReads = 0;
        while (target.size() < count) {
            List<byte[]> frames = from.next();
            if (frames.isEmpty()) {
                if (++emptyReads >= MAX_EMPTY_READS) {
                    throw new IOException("only " + target.size() + " of the " + count + " frames needed came from "
                            + from.describe() + " (" + MAX_EMPTY_READS + " reads in a row gave none)");
                }
                continue;
            }
            emptyReads = 0;
            target.add(frames.subList(0, Math.min(frames.size(), count - target.size())), random);
        }
    }

    /** DJL-style builder: {@code set…} is required, {@code opt…} optional. */
    public static final class Builder {
        private FlowModel model;
        private PretrainSettings settings;
        private FrameSource source;
        private FrameSource heldOutSource;
        private Path output;
        private PretrainListener listener = new PretrainListener() { };
        private ResumeMode resumeMode = ResumeMode.AUTO;
        private int maxNonFiniteInARow = GradientGuard.DEFAULT_MAX_IN_A_ROW;

        private Builder() {
        }

        /** Steps in a row with a non-finite gradient after which the run stops (default 3; see {@link GradientGuard}). */
        public Builder optMaxNonFiniteInARow(int maxNonFiniteInARow) {
            this.maxNonFiniteInARow = maxNonFiniteInARow;
            return this;
        }

        /** An initialised flow (random, or loaded weights to fine-tune); a resumed run overwrites its weights. */
        public Builder setModel(FlowModel model) {
            this.model = model;
            return this;
        }

        public Builder setSettings(PretrainSettings settings) {
            this.settings = settings;
            return this;
        }

        /** Where training frames come from. */
        public Builder setSource(FrameSource source) {
            this.source = source;
            return this;
        }

        /** Where the held-out frames come from (read only when a run starts afresh). */
        public Builder setHeldOutSource(FrameSource heldOutSource) {
            this.heldOutSource = heldOutSource;
            return this;
        }

        /** The run folder (see {@link PretrainFolder}). */
        public Builder setOutput(Path output) {
            this.output = output;
            return this;
        }

        public Builder optListener(PretrainListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public Builder optResumeMode(ResumeMode resumeMode) {
            this.resumeMode = Objects.requireNonNull(resumeMode);
            return this;
        }

        public FlowPretrainer build() {
            Objects.requireNonNull(model, "setModel is required");
            Objects.requireNonNull(settings, "setSettings is required");
            Objects.requireNonNull(source, "setSource is required");
            Objects.requireNonNull(heldOutSource, "setHeldOutSource is required");
            Objects.requireNonNull(output, "setOutput is required");
            if (!model.isInitialized()) {
                throw new IllegalStateException("initialise the flow before pre-training it");
            }
            return new FlowPretrainer(this);
        }
    }
}
