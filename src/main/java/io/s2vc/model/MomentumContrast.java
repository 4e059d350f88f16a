package io.s2vc.model;

import io.s2vc.util.Seeds;

import io.s2vc.nd.ArrayState;
import io.s2vc.nd.Autograd;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * MoCo as the official code runs it (official §4.2): a query encoder; a key encoder that starts as an
 * exact copy and then follows it by momentum (parameters only, {@link MomentumUpdate}); a queue of K
 * negative keys ({@link KeyQueue}); InfoNCE with temperature τ ({@link InfoNce}). Only the query
 * encoder's parameters require gradients.
 *
 * <p>One training step is: {@link #updateKeyEncoder()} → {@link #encodeKeys} → {@link #encodeQueries}
 * (recording autograd) → {@link #contrast} → backward → optimiser step → {@link #enqueue}. The
 * {@code train} package's {@code TrainingStep} runs exactly that. The encoders, the queue and their
 * state live in a manager of their own, closed by {@link #close()}; the results of the methods below
 * and their temporaries go to the manager of their input, which should be a per-step sub-manager.
 * Not thread-safe.
 */
public final class MomentumContrast implements AutoCloseable {
    private final NDManager manager;
    private final BackboneType backbone;
    private final int embeddingSize;
    private final double momentum;
    private final double temperature;
    private final long seed;
    private final Encoder queryEncoder;
    private final Encoder keyEncoder;
    private final KeyQueue queue;
    private final boolean maskSameVideo;
    private final int batchNormGroups;

    private MomentumContrast(Builder builder, NDManager parent) {
        maskSameVideo = builder.maskSameVideo;
        batchNormGroups = builder.batchNormGroups;
        Encoder.Builder encoders = builder.encoders;
        backbone = encoders.backbone();
        embeddingSize = encoders.embeddingSize();
        momentum = builder.momentum;
        temperature = builder.temperature;
        seed = encoders.seed();
        manager = parent.newSubManager();
        try {
            queryEncoder = encoders.build();
            queryEncoder.initialize(manager);
            keyEncoder = encoders.build();
            // Zeros are cheap to allocate; the copy below gives the key encoder its real values.
            keyEncoder.setInitializer(Initializer.ZEROS, parameter -> true);
            keyEncoder.initialize(manager);
            keyEncoder.freezeParameters(true);
            MomentumUpdate.copy(queryEncoder, keyEncoder);
            queue = new KeyQueue(embeddingSize, builder.queueSize, Seeds.derive(seed, "queue"), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Encoder queryEncoder() {
        return queryEncoder;
    }

    public Encoder keyEncoder() {
        return keyEncoder;
    }

    public KeyQueue queue() {
        return queue;
    }

    public BackboneType backbone() {
        return backbone;
    }

    public int embeddingSize() {
        return embeddingSize;
    }

    public double momentum() {
        return momentum;
    }

    public double temperature() {
        return temperature;
    }

    public long seed() {
        return seed;
    }

    /** The query encoder's learnable parameters (what the optimiser trains), in DJL's order. */
    public PairList<String, Parameter> trainableParameters() {
        return MomentumUpdate.learnableParameters(queryEncoder);
    }

    /**
     * What a training step changes before its optimiser update: every parameter and BN statistic of the
     * key encoder (momentum update, key forward) and the query encoder's BN running statistics.
     */
    public List<Parameter> parametersChangedBeforeUpdate() {
        List<Parameter> changed = new ArrayList<>(keyEncoder.getParameters().values());
        for (Parameter parameter : queryEncoder.getParameters().values()) {
            if (!MomentumUpdate.isLearnable(parameter)) {
                changed.add(parameter);
            }
        }
        return changed;
    }

    /** θ_k ← m·θ_k + (1 − m)·θ_q; the official code does it before every key forward. */
    public void updateKeyEncoder() {
        MomentumUpdate.blend(queryEncoder, keyEncoder, momentum);
    }

    /**
     * Keys (B, dim) of ImageNet-normalised key clips, without autograd. BN runs in training mode as in
     * the official code: batch statistics, and the key encoder's running statistics move.
     */
    public NDArray encodeKeys(NDArray keyClips) {
        try (Autograd.Scope ignored = Autograd.pause()) {
            return BatchNormGroups.forward(keyClips, batchNormGroups, true,
                    clips -> forward(keyEncoder, clips));
        }
    }

    /** Queries (B, dim) of ImageNet-normalised query clips in training mode; differentiable under {@link Autograd#record()}. */
    public NDArray encodeQueries(NDArray queryClips) {
        return BatchNormGroups.forward(queryClips, batchNormGroups, false, clips -> forward(queryEncoder, clips));
    }

    /**
     * InfoNCE of queries against their keys and the queue as it is now. The queue is read, not copied:
     * back-propagate before the next {@link #enqueue}.
     */
    public InfoNce.Result contrast(NDArray queries, NDArray keys) {
        return contrast(queries, keys, null);
    }

    /**
     * As {@link #contrast(NDArray, NDArray)}; when this MoCo masks same-video negatives and {@code videoIds} are
     * given, the queued keys of each query's own video are no negatives of it.
     */
    public InfoNce.Result contrast(NDArray queries, NDArray keys, List<String> videoIds) {
        NDArray excluded = maskSameVideo && videoIds != null ? queue.sameVideoMask(videoIds, queries.getManager()) : null;
        return InfoNce.compute(queries, keys, queue.keys(), temperature, excluded);
    }

    /** Whether the queued keys of a query's own video are left out of its negatives. */
    public boolean masksSameVideo() {
        return maskSameVideo;
    }

    /** Groups of the batch with their own BN statistics (1 = the whole batch). */
    public int batchNormGroups() {
        return batchNormGroups;
    }

    /** Enqueues a step's keys (after its logits were computed), with their video ids or {@code null}. */
    public void enqueue(NDArray keys, List<String> videoIds) {
        queue.enqueue(keys, videoIds);
    }

    private static NDArray forward(Encoder encoder, NDArray clips) {
        ParameterStore store = new ParameterStore(clips.getManager(), false);
        return encoder.forward(store, new NDList(clips), true).singletonOrThrow();
    }

    /** Both encoders (parameters and BN running statistics) and the queue with its bookkeeping, exactly. */
    public void writeState(DataOutputStream out) throws IOException {
        ArrayState.writeParameters(out, queryEncoder);
        ArrayState.writeParameters(out, keyEncoder);
        queue.writeState(out);
    }

    /** Restores what {@link #writeState} wrote, from a MoCo of the same backbone, embedding size and queue size. */
    public void readState(DataInputStream in) throws IOException {
        ArrayState.readParametersInto(in, queryEncoder);
        ArrayState.readParametersInto(in, keyEncoder);
        queue.readState(in);
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * The backbone is required. Defaults are the official ones (official §4.2): embedding 128,
     * queue 2048 (UCF101/HMDB51; the official code uses 16384 on Kinetics), momentum 0.999,
     * temperature 0.07; seed 0.
     */
    public static final class Builder {
        /** Both encoders are built alike: backbone, embedding size and seed are theirs. */
        private final Encoder.Builder encoders = Encoder.builder();
        private int queueSize = 2048;
        private double momentum = 0.999;
        private double temperature = 0.07;
        private boolean maskSameVideo;
        private int batchNormGroups = 1;

        private Builder() {
        }

        /**
         * Leave the queued keys of a query's own video out of its negatives (default false, as the official code,
         * which keeps them: moco issue #146). Needs video ids at {@link #contrast(NDArray, NDArray, List)}.
         */
        public Builder optMaskSameVideo(boolean mask) {
            this.maskSameVideo = mask;
            return this;
        }

        /**
         * Split each batch into this many groups with their own BN statistics, the keys' groups a fixed
         * interleaving of the queries' so that no query shares its statistics with its own key: shuffle-BN
         * within one process (default 1: whole-batch BN, as the official single-GPU run).
         */
        public Builder optBatchNormGroups(int groups) {
            this.batchNormGroups = groups;
            return this;
        }

        public Builder setBackbone(BackboneType backbone) {
            encoders.setBackbone(backbone);
            return this;
        }

        public Builder optEmbeddingSize(int embeddingSize) {
            encoders.optEmbeddingSize(embeddingSize);
            return this;
        }

        /** K, the number of queued negatives; need not be a multiple of the batch size. */
        public Builder optQueueSize(int queueSize) {
            this.queueSize = queueSize;
            return this;
        }

        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Seed of the initial weights and of the queue's initial noise. */
        public Builder optSeed(long seed) {
            encoders.optSeed(seed);
            return this;
        }

        /** A new MoCo whose arrays live in a sub-manager of {@code manager}. */
        public MomentumContrast build(NDManager manager) {
            encoders.check();
            if (queueSize < 1) {
                throw new IllegalArgumentException("the queue size must be positive, got " + queueSize);
            }
            if (!(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
            }
            if (batchNormGroups < 1) {
                throw new IllegalArgumentException("BN groups must be >= 1, got " + batchNormGroups);
            }
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("temperature must be positive, got " + temperature);
            }
            return new MomentumContrast(this, manager);
        }
    }
}
