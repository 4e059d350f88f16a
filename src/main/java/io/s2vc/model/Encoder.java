package io.s2vc.model;

import io.s2vc.util.Seeds;

import io.s2vc.nd.Autograd;
import io.s2vc.nd.ArrayScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Backbone → global average pool → {@link ProjectionHead} → L2 normalisation (eps 1e-12, as
 * {@code F.normalize}): clips (B, 3, T, H, W), ImageNet-normalised, to embeddings (B, embedding size).
 * A DJL block whose forward returns the embeddings; {@link #features} gives the pooled backbone
 * feature that retrieval and linear probes use (official §5).
 */
public final class Encoder extends AbstractBlock {
    private static final float NORM_EPS = 1e-12f;

    private final Backbone backbone;
    private final ProjectionHead head;
    private final int embeddingSize;

    private Encoder(Builder builder) {
        backbone = addChildBlock("backbone", builder.backbone.newBackbone(Seeds.derive(builder.seed, "backbone")));
        head = addChildBlock("head",
                new ProjectionHead(backbone.featureSize(), builder.embeddingSize, Seeds.derive(builder.seed, "head")));
        embeddingSize = builder.embeddingSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Backbone backbone() {
        return backbone;
    }

    public ProjectionHead head() {
        return head;
    }

    public BackboneType backboneType() {
        return backbone.type();
    }

    public int featureSize() {
        return backbone.featureSize();
    }

    public int embeddingSize() {
        return embeddingSize;
    }

    /** Allocates and draws the parameters in {@code manager}, recording the backbone's default input shape. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, backbone.type().inputShape(1));
    }

    /**
     * Pooled backbone features (B, feature size); BN in training mode uses batch statistics and updates
     * its running statistics. Results and temporaries go to the manager of the input.
     */
    public NDArray features(ParameterStore parameterStore, NDArray clips, boolean training) {
        checkClips(clips);
        NDArray map = backbone.forward(parameterStore, new NDList(clips), training).singletonOrThrow();
        return Pool.globalAvgPool3d(map);
    }

    /** L2-normalised embeddings (B, embedding size) of pooled features. */
    public NDArray project(ParameterStore parameterStore, NDArray features, boolean training) {
        NDArray z = head.forward(parameterStore, new NDList(features), training).singletonOrThrow();
        return z.div(z.norm(new int[] {1}, true).maximum(NORM_EPS));
    }

    /** Inference: embeddings of clips with BN running statistics, no autograd graph, temporaries freed. */
    public NDArray embed(NDArray clips) {
        try (Autograd.Scope ignored = Autograd.pause()) {
            return ArrayScope.call(clips, x -> {
                ParameterStore store = new ParameterStore(x.getManager(), false);
                return project(store, features(store, x, false), false);
            });
        }
    }

    /** Inference: pooled backbone features of clips with BN running statistics (retrieval, probes). */
    public NDArray features(NDArray clips) {
        try (Autograd.Scope ignored = Autograd.pause()) {
            return ArrayScope.call(clips, x -> features(new ParameterStore(x.getManager(), false), x, false));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = features(parameterStore, inputs.singletonOrThrow(), training);
        return new NDList(project(parameterStore, features, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), embeddingSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), backbone.featureSize()));
    }

    private static void checkClips(NDArray clips) {
        Shape shape = clips.getShape();
        if (shape.dimension() != 5 || shape.get(1) != 3) {
            throw new IllegalArgumentException("clips must be (B, 3, T, H, W), got " + shape);
        }
    }

    /** The backbone is required; embedding size 128 and seed 0 by default. */
    public static final class Builder {
        private BackboneType backbone;
        private int embeddingSize = 128;
        private long seed;

        private Builder() {
        }

        public Builder setBackbone(BackboneType backbone) {
            this.backbone = backbone;
            return this;
        }

        /** Length of the embeddings (official {@code dim_out} = 128). */
        public Builder optEmbeddingSize(int embeddingSize) {
            this.embeddingSize = embeddingSize;
            return this;
        }

        /** Seed of every initial weight. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A new, uninitialised encoder. */
        public Encoder build() {
            check();
            return new Encoder(this);
        }

        void check() {
            if (backbone == null) {
                throw new IllegalArgumentException("an encoder needs a backbone");
            }
            if (embeddingSize < 1) {
                throw new IllegalArgumentException("embedding size must be positive, got " + embeddingSize);
            }
        }

        BackboneType backbone() {
            return backbone;
        }

        int embeddingSize() {
            return embeddingSize;
        }

        long seed() {
            return seed;
        }
    }
}
