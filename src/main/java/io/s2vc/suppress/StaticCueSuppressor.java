package io.s2vc.suppress;

import io.s2vc.nd.ClipTensors;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.s2vc.flow.FlowModel;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S²VC's static-cue suppression (paper Eq. 3–5, Fig. 2; the official {@code _change_background},
 * reference §2.1) on a batch of key clips:
 *
 * <pre>
 * x (B, 3, T, H, W) in [0, 1] → frames (B·T, 3, H, W) → small = adaptive average pool to the flow size
 * → z = flow(small), all B·T frames in one call → std over T per clip and latent, unbiased (T − 1)
 * → static mask (see {@link SelectionMode}) → strategy on the static latents (see {@link SuppressionStrategy})
 * → recon = flow⁻¹(z') → out = x + nearest-up(recon − small)
 * </pre>
 *
 * The residual {@code x − up(small)} (detail lost by the round trip through the flow size) is kept
 * untouched, so with nothing suppressed the output equals the input up to float error. {@link
 * Builder#optKeepResidual optKeepResidual(false)} drops it (out = up(recon)): then even an output with
 * nothing suppressed has only the detail the flow's size holds. {@link
 * SuppressionStrategy#TFD} replaces all of this by its pixel-space baseline.
 *
 * <p><b>Value range.</b> The float output is <em>not</em> clamped, as in the official code: values can
 * leave [0, 1]. Converted to uint8 for the wire ({@link #suppress(List, long[])}, {@link ClipTensors#toClips})
 * 255·v is rounded half up, then clamped to [0, 255].
 *
 * <p><b>Resources.</b> Each call keeps its temporaries in a sub-manager that is closed before it returns;
 * the result belongs to the manager of the input. Work runs on the flow's device. No autograd graph is
 * recorded, even for an input that requires gradients inside a gradient collector: the input is detached
 * and the flow's encode / decode run with grad mode off. The resampling matrices are built once per clip
 * size and kept until {@link #close()}. The suppressor keeps no other state between calls (the matrix
 * cache is concurrent), so concurrent calls are as safe as the flow's own encode / decode.
 */
public final class StaticCueSuppressor implements AutoCloseable {
    /** The paper's default threshold (Fig. 3). */
    public static final double DEFAULT_ALPHA = 0.5;

    private final FlowModel flow;
    private final double alpha;
    private final SelectionMode mode;
    private final SuppressionStrategy strategy;
    private final double tfdKeepFraction;
    private final boolean keepResidual;
    private final long seed;
    private final Device device;
    /** Owns the cached resampling matrices, on the device. */
    private final NDManager resources;
    /** By clip size {@code (H << 32) | W}. */
    private final Map<Long, FrameResampler> resamplers = new ConcurrentHashMap<>();

    private StaticCueSuppressor(Builder builder) {
        this.flow = builder.flow;
        this.alpha = builder.alpha;
        this.mode = builder.mode;
        this.strategy = builder.strategy;
        this.tfdKeepFraction = builder.tfdKeepFraction;
        this.keepResidual = builder.keepResidual;
        this.seed = builder.seed;
        if (flow != null) {
            NDArray parameter = flow.getParameters().valueAt(0).getArray();
            this.device = parameter.getDevice();
            this.resources = parameter.getManager().newSubManager(device);
        } else {
            this.resources = NDManager.newBaseManager();
            this.device = resources.getDevice();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Suppresses the static cues of a batch of clips, with clip seeds 0, 1, …, B − 1 (the positions in the
     * batch). For the random strategies prefer {@link #suppress(NDArray, long[])} with seeds that identify the
     * clips, so that a clip's output does not depend on how it was batched.
     */
    public SuppressionResult suppress(NDArray clips) {
        long[] positions = new long[(int) checkClips(clips).get(0)];
        for (int b = 0; b < positions.length; b++) {
            positions[b] = b;
        }
        return suppress(clips, positions);
    }

    /**
     * Suppresses the static cues of a batch of clips.
     *
     * @param clips (B, 3, T, H, W) float32 in [0, 1], T ≥ 2; any H and W
     * @param clipSeeds one seed per clip (e.g. {@link SuppressionSeeds#forClip}); mixed with the suppressor's
     *     seed, it alone drives the randomness of that clip
     * @return the motion-preserved clips (unclamped, in the input's manager) and the suppressed fractions
     * @throws IllegalArgumentException for a shape that is not (B, 3, T ≥ 2, H, W), a non-float32 input
     *     or a wrong number of seeds
     */
    public SuppressionResult suppress(NDArray clips, long[] clipSeeds) {
        Shape shape = checkClips(clips);
        if (clipSeeds.length != shape.get(0)) {
            throw new IllegalArgumentException(
                    "need one seed per clip: " + clipSeeds.length + " seeds for clips of shape " + shape);
        }
        NDManager caller = clips.getManager();
        try (NDManager scope = caller.newSubManager(device)) {
            NDArray input = clips.stopGradient(); // detached: nothing below records an autograd graph
            input.attach(scope);
            input = input.toDevice(device, false);
            MaskedOutput masked = strategy.usesFlow()
                    ? suppressLatents(input, generators(clipSeeds))
                    : FrameDifferenceBaseline.apply(input, tfdKeepFraction);
            float[] fractions = masked.staticMask().toType(DataType.FLOAT32, false)
                    .mean(new int[] {1}).toFloatArray();
            NDArray output = masked.clips();
            output.attach(caller);
            return new SuppressionResult(output, fractions);
        }
    }

    /**
     * One way of suppressing in {@link #suppressVariants}: a strategy at a threshold α (the selection mode
     * and the seed are the suppressor's).
     */
    public record Variant(SuppressionStrategy strategy, double alpha) {
        public Variant {
            Objects.requireNonNull(strategy, "strategy");
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
            }
        }
    }

    /**
     * The motion-preserved clips of one batch under several variants, each exactly what a suppressor built
     * with that strategy and α would return for the same seeds, but with one flow encoding shared by all of
     * them: an experiment comparing strategies or sweeping α pays one encode and one decode per variant
     * instead of an encode and a decode each.
     *
     * @return one result per variant, in order, in the input's manager
     */
    public List<SuppressionResult> suppressVariants(NDArray clips, long[] clipSeeds, List<Variant> variants) {
        Shape shape = checkClips(clips);
        if (clipSeeds.length != shape.get(0)) {
            throw new IllegalArgumentException(
                    "need one seed per clip: " + clipSeeds.length + " seeds for clips of shape " + shape);
        }
        boolean anyFlow = variants.stream().anyMatch(v -> v.strategy().usesFlow());
        if (anyFlow && flow == null) {
            throw new IllegalStateException("latent variants need a flow: build the suppressor with setFlow");
        }
        NDManager caller = clips.getManager();
        List<SuppressionResult> results = new ArrayList<>(variants.size());
        try (NDManager scope = caller.newSubManager(device)) {
            NDArray input = clips.stopGradient();
            input.attach(scope);
            input = input.toDevice(device, false);
            Encoding encoding = anyFlow ? encode(input) : null;
            for (Variant variant : variants) {
                MaskedOutput masked = variant.strategy().usesFlow()
                        ? decodeSuppressed(input, encoding, mode.staticMask(encoding.std(), variant.alpha()),
                                variant.strategy(), generators(clipSeeds))
                        : FrameDifferenceBaseline.apply(input, tfdKeepFraction);
                float[] fractions = masked.staticMask().toType(DataType.FLOAT32, false).mean(new int[] {1}).toFloatArray();
                NDArray output = masked.clips();
                output.attach(caller);
                results.add(new SuppressionResult(output, fractions));
            }
        }
        return results;
    }

    /**
     * The latents of a batch of clips before and after suppression, with no decoding: Z and Z_p of the paper
     * (Eq. 3–5), for analyses such as the intra-class similarity of its Fig. 4. Same randomness as {@link
     * #suppress(NDArray, long[])} with the same seeds.
     *
     * @param clips (B, 3, T, H, W) float32 in [0, 1], T ≥ 2
     * @param clipSeeds one seed per clip
     * @return latents and suppressed latents, (B, T, D) each, in the input's manager
     * @throws IllegalStateException for {@link SuppressionStrategy#TFD}, which has no latents
     */
    public SuppressedLatents latents(NDArray clips, long[] clipSeeds) {
        Shape shape = checkClips(clips);
        if (!strategy.usesFlow()) {
            throw new IllegalStateException(strategy + " works on pixels and has no latents");
        }
        if (clipSeeds.length != shape.get(0)) {
            throw new IllegalArgumentException(
                    "need one seed per clip: " + clipSeeds.length + " seeds for clips of shape " + shape);
        }
        NDManager caller = clips.getManager();
        try (NDManager scope = caller.newSubManager(device)) {
            NDArray input = clips.stopGradient();
            input.attach(scope);
            input = input.toDevice(device, false);
            Encoded encoded = encodeAndSuppress(input, generators(clipSeeds));
            float[] fractions = encoded.staticMask().toType(DataType.FLOAT32, false)
                    .mean(new int[] {1}).toFloatArray();
            NDArray latents = encoded.latents();
            NDArray suppressed = encoded.suppressed();
            latents.attach(caller);
            suppressed.attach(caller);
            return new SuppressedLatents(latents, suppressed, fractions);
        }
    }

    /**
     * The wire-form convenience: uint8 clips in, uint8 clips out (255·v rounded half up, then clamped to
     * [0, 255]). For float results use {@link ClipTensors#toTensor}, {@link #suppress(NDArray, long[])} and
     * {@link ClipTensors#toFloats}.
     *
     * @param clips clips of one shape, T ≥ 2
     * @param clipSeeds one seed per clip
     */
    public SuppressedClips suppress(List<Clip> clips, long[] clipSeeds) {
        try (NDManager call = resources.newSubManager()) {
            try (SuppressionResult result = suppress(ClipTensors.toTensor(clips, call), clipSeeds)) {
                return new SuppressedClips(ClipTensors.toClips(result.output()), result.suppressedFractions());
            }
        }
    }

    public double alpha() {
        return alpha;
    }

    public SelectionMode mode() {
        return mode;
    }

    public SuppressionStrategy strategy() {
        return strategy;
    }

    public double tfdKeepFraction() {
        return tfdKeepFraction;
    }

    public long seed() {
        return seed;
    }

    /** Frees the cached resampling matrices. The flow is not closed: it belongs to the caller. */
    @Override
    public void close() {
        resamplers.clear();
        resources.close();
    }

    @Override
    public String toString() {
        return "StaticCueSuppressor[strategy=" + strategy
                + (strategy.usesFlow() ? ", flow=" + flow.spec().name() + ", mode=" + mode + ", alpha=" + alpha
                        : ", keepFraction=" + tfdKeepFraction)
                + ", seed=" + seed + ", device=" + device + "]";
    }

    private MaskedOutput suppressLatents(NDArray clips, List<SplittableRandom> clipRandoms) {
        Encoding encoding = encode(clips);
        return decodeSuppressed(clips, encoding, mode.staticMask(encoding.std(), alpha), strategy, clipRandoms);
    }

    /** The part every variant shares: pooled frames, latents (B, T, D) and their temporal std (B, D). */
    private record Encoding(FrameResampler resampler, NDArray small, NDArray latents, NDArray std) {
    }

    private Encoding encode(NDArray clips) {
        Shape shape = clips.getShape();
        long batch = shape.get(0);
        long channels = shape.get(1);
        long frames = shape.get(2);
        FrameResampler resampler = resampler((int) shape.get(3), (int) shape.get(4));
        NDArray small = resampler.down(clips.transpose(0, 2, 1, 3, 4).reshape(batch * frames, channels,
                shape.get(3), shape.get(4)));
        NDArray latents = flow.encode(small).reshape(batch, frames, -1);
        return new Encoding(resampler, small, latents, TemporalStd.unbiased(latents, 1));
    }

    /** Suppresses the static latents, decodes, and adds the change back at full size: out = x + up(recon − small). */
    private MaskedOutput decodeSuppressed(NDArray clips, Encoding encoding, NDArray staticMask,
            SuppressionStrategy how, List<SplittableRandom> clipRandoms) {
        Shape shape = clips.getShape();
        long batch = shape.get(0);
        long frames = shape.get(2);
        NDArray suppressed = how.latentSuppression().apply(encoding.latents(), staticMask, clipRandoms);
        NDArray reconstruction = flow.decode(suppressed.reshape(batch * frames, -1));
        NDArray change = encoding.resampler().up(keepResidual ? reconstruction.sub(encoding.small()) : reconstruction)
                .reshape(batch, frames, shape.get(1), shape.get(3), shape.get(4)).transpose(0, 2, 1, 3, 4);
        NDArray output = keepResidual ? clips.add(change) : change;
        return new MaskedOutput(output, staticMask);
    }

    /** The first half of the pipeline: latents (B, T, D), static mask (B, D), suppressed latents. */
    private record Encoded(NDArray latents, NDArray staticMask, NDArray suppressed) {
    }

    private Encoded encodeAndSuppress(NDArray clips, List<SplittableRandom> clipRandoms) {
        Encoding encoding = encode(clips);
        NDArray staticMask = mode.staticMask(encoding.std(), alpha);
        return new Encoded(encoding.latents(), staticMask,
                strategy.latentSuppression().apply(encoding.latents(), staticMask, clipRandoms));
    }

    private FrameResampler resampler(int height, int width) {
        long key = ((long) height << 32) | width;
        return resamplers.computeIfAbsent(key,
                k -> new FrameResampler(height, width, flow.spec().height(), flow.spec().width(), resources));
    }

    private List<SplittableRandom> generators(long[] clipSeeds) {
        List<SplittableRandom> generators = new ArrayList<>(clipSeeds.length);
        for (long clipSeed : clipSeeds) {
            generators.add(SuppressionSeeds.generator(seed, clipSeed));
        }
        return generators;
    }

    private static Shape checkClips(NDArray clips) {
        Shape shape = clips.getShape();
        if (shape.dimension() != 5) {
            throw new IllegalArgumentException("clips must be 5-D (B, 3, T, H, W), got shape " + shape);
        }
        if (shape.get(1) != Clip.CHANNELS) {
            throw new IllegalArgumentException(
                    "clips must have 3 channels at axis 1 of (B, 3, T, H, W), got shape " + shape);
        }
        if (shape.get(2) < 2) {
            throw new IllegalArgumentException(
                    "clips need T >= 2 frames at axis 2 of (B, 3, T, H, W) for a temporal std, got shape " + shape);
        }
        if (shape.size() == 0) {
            throw new IllegalArgumentException("clips must not be empty, got shape " + shape);
        }
        if (clips.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    "clips must be float32 in [0, 1], got " + clips.getDataType() + " of shape " + shape);
        }
        return shape;
    }

    /** DJL-style builder; {@link #setFlow} is required unless the strategy is {@link SuppressionStrategy#TFD}. */
    public static final class Builder {
        private FlowModel flow;
        private double alpha = DEFAULT_ALPHA;
        private SelectionMode mode = SelectionMode.THRESHOLD;
        private SuppressionStrategy strategy = SuppressionStrategy.ZERO;
        private double tfdKeepFraction = FrameDifferenceBaseline.DEFAULT_KEEP_FRACTION;
        private long seed;
        private boolean keepResidual = true;

        private Builder() {
        }

        /** The initialised flow whose latents are suppressed; its device is where the work runs. */
        public Builder setFlow(FlowModel flow) {
            this.flow = Objects.requireNonNull(flow, "flow");
            return this;
        }

        /** α: the std threshold in {@link SelectionMode#THRESHOLD} mode, the kept fraction in {@link SelectionMode#TOP}; default 0.5. */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Default {@link SelectionMode#THRESHOLD}. */
        public Builder optMode(SelectionMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Default {@link SuppressionStrategy#ZERO}. */
        public Builder optStrategy(SuppressionStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** Share of pixel values {@link SuppressionStrategy#TFD} keeps, in [0, 1]; default 0.2 (the paper's 20 %). */
        public Builder optTfdKeepFraction(double fraction) {
            this.tfdKeepFraction = fraction;
            return this;
        }

        /**
         * Whether the detail finer than the flow's size ({@code x − up(down(x))}) is added back to the decoded
         * frames; default true, as the official code. Without it the output is {@code up(flow⁻¹(z'))}: coarser,
         * but texture finer than the flow's grid cannot carry the scene through suppression.
         */
        public Builder optKeepResidual(boolean keep) {
            this.keepResidual = keep;
            return this;
        }

        /** Base seed of the random strategies, mixed with each clip's seed; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public StaticCueSuppressor build() {
            if (strategy.usesFlow()) {
                if (flow == null) {
                    throw new IllegalArgumentException("strategy " + strategy + " needs a flow: call setFlow");
                }
                if (!flow.isInitialized()) {
                    throw new IllegalArgumentException("the flow must be initialised");
                }
                if (flow.spec().channels() != Clip.CHANNELS) {
                    throw new IllegalArgumentException("the flow must take RGB frames, but '" + flow.spec().name()
                            + "' takes " + flow.spec().channels() + " channels");
                }
            }
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
            }
            if (mode == SelectionMode.TOP && alpha > 1) {
                throw new IllegalArgumentException("in TOP mode alpha is the kept fraction, in [0, 1]; got " + alpha);
            }
            if (!(tfdKeepFraction >= 0 && tfdKeepFraction <= 1)) {
                throw new IllegalArgumentException("the TFD keep fraction must be in [0, 1], got " + tfdKeepFraction);
            }
            return new StaticCueSuppressor(this);
        }
    }
}
