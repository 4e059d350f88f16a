package io.s2vc.flow;

import io.s2vc.nd.Autograd;
import io.s2vc.nd.ArrayScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A normalizing flow built from a {@link FlowSpec}: frames (N, C, H, W) in [0, 1] ↔ latents (N, D),
 * D = C·H·W, with the per-sample log-determinant for training. A DJL block: its parameters are
 * registered so Model / Trainer / ParameterStore and DJL's save / load work; as a DJL block its
 * forward returns [latents, logDet].
 *
 * <p>Every call keeps its temporaries in a sub-manager that is closed on return (each node frees its
 * own as soon as it is done); results belong to the manager of the input.
 */
public final class FlowModel extends AbstractBlock {
    /**
     * Activation budget of one inference call. Ours, measured: glibc serves allocations above 32 MiB
     * with fresh mmap'ed pages (its largest mmap threshold), so each larger activation costs page
     * faults on every call; advflow-imagenet64's 128-channel 64×64 activations take 2 MiB a frame, and
     * chunks of 8 frames (16 MiB) ran the 64 frames of a batch of 4 clips at 3.1 frames/s with 3 % system
     * time, against 2.5 frames/s and 29 % in one call (docs/benchmarks.md).
     */
    static final long INFERENCE_ACTIVATION_BYTES = 16L << 20;

    private final FlowSpec spec;
    private final List<FlowNode> nodes;
    /** Indexed by node; {@code null} at the graph's input and output nodes. */
    private final FlowBlock[] blocks;

    public FlowModel(FlowSpec spec, FlowInit init) {
        this.spec = spec;
        this.nodes = List.copyOf(spec.nodes());
        this.blocks = new FlowBlock[nodes.size()];
        for (int i = 0; i < blocks.length; i++) {
            FlowBlock block = nodes.get(i).newBlock(init.child("module_list." + i));
            if (block != null) {
                blocks[i] = addChildBlock("module_list." + i, block);
            }
        }
    }

    /** A new flow with its parameters allocated in {@code manager} and drawn as {@code init} says. */
    public static FlowModel create(FlowSpec spec, FlowInit init, NDManager manager) {
        FlowModel model = new FlowModel(spec, init);
        model.initialize(manager);
        return model;
    }

    /** Allocates and draws the parameters (a batch of 1 fixes DJL's recorded input shape). */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, spec.frameShape(1));
    }

    public FlowSpec spec() {
        return spec;
    }

    public List<FlowNode> nodes() {
        return nodes;
    }

    /** The block of a node, {@code null} for the input and output nodes. */
    public FlowBlock block(int node) {
        return blocks[node];
    }

    /**
     * Frames (N, C, H, W) → latents (N, D). Inference: no autograd graph is recorded, and the frames go
     * through the flow in chunks of at most {@link #inferenceChunk()}.
     */
    public NDArray encode(NDArray frames) {
        checkShape(frames, spec.frameShape(frames.getShape().get(0)), "frames");
        try (Autograd.Scope ignored = Autograd.pause()) {
            return inChunks(frames, x -> run(new NDList(x), false).output());
        }
    }

    /** Latents (N, D) → frames (N, C, H, W), the exact inverse of {@link #encode}. */
    public NDArray decode(NDArray latents) {
        checkShape(latents, new Shape(latents.getShape().get(0), spec.dimensions()), "latents");
        try (Autograd.Scope ignored = Autograd.pause()) {
            return inChunks(latents, z -> runInverse(new NDList(z)).singletonOrThrow());
        }
    }

    /**
     * Frames per flow call of {@link #encode} and {@link #decode}: as many as keep the largest sub-net
     * activation of a call within {@value #INFERENCE_ACTIVATION_BYTES} bytes (at least one). Each frame goes
     * through the flow on its own, so chunks change no value beyond float rounding; they change the cost.
     */
    public int inferenceChunk() {
        return (int) Math.max(1, INFERENCE_ACTIVATION_BYTES / (Float.BYTES * FlowFlops.largestActivation(spec)));
    }

    /** {@code body} over chunks of at most {@link #inferenceChunk()} rows of {@code input}, concatenated. */
    private NDArray inChunks(NDArray input, Function<NDArray, NDArray> body) {
        long rows = input.getShape().get(0);
        int chunk = inferenceChunk();
        if (rows <= chunk) {
            return ArrayScope.call(input, body);
        }
        NDManager caller = input.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray all = ArrayScope.alias(input, scope);
            NDList parts = new NDList();
            for (long start = 0; start < rows; start += chunk) {
                parts.add(ArrayScope.call(all.get(new NDIndex("{}:{}", start, Math.min(rows, start + chunk))), body));
            }
            NDArray joined = NDArrays.concat(parts);
            joined.attach(caller);
            return joined;
        }
    }

    /**
     * Latents and per-sample log|det J| (N) for training; autograd records if a gradient collector is
     * open. The log-det follows FrEIA 0.2 (fixed 1×1 convolutions count logDetM once per sample).
     */
    public FlowResult forwardWithLogDet(NDArray frames) {
        checkShape(frames, spec.frameShape(frames.getShape().get(0)), "frames");
        return ArrayScope.call(new NDList(frames), x -> run(x, true), FlowResult::attach);
    }

    /**
     * Per-sample negative log-likelihood in bits per dimension under the standard normal prior,
     * (½‖z‖² − log|det J| + (D/2)·ln 2π + D·ln 256) / (D·ln 2), for frames already dequantised
     * as (255·x + u) / 256, u ~ U[0, 1) (reference §1.7). Differentiable.
     */
    public NDArray bitsPerDim(NDArray frames) {
        double d = spec.dimensions();
        double constant = d / 2 * Math.log(2 * Math.PI) + d * Math.log(256);
        return ArrayScope.call(frames, x -> {
            FlowResult result = forwardWithLogDet(x);
            NDArray z = result.output();
            return z.square().sum(new int[] {1}).mul(EngineScalar.of(z, 0.5)).sub(result.logDet())
                    .add(constant).div(EngineScalar.of(z, d * Math.log(2)));
        });
    }

    /** Every parameter under its checkpoint key, {@code module_list.<node>.<name>}, in node order. */
    public Map<String, Parameter> stateDict() {
        Map<String, Parameter> state = new LinkedHashMap<>();
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i] != null) {
                String prefix = "module_list." + i + ".";
                blocks[i].stateDict().forEach((name, p) -> state.put(prefix + name, p));
            }
        }
        return Collections.unmodifiableMap(state);
    }

    private FlowResult run(NDList state, boolean withLogDet) {
        NDArray logDet = null;
        for (FlowBlock block : blocks) {
            if (block == null) {
                continue;
            }
            FlowResult step = block.forward(state);
            state.close(); // the previous step's tensors (aliases or outputs), no longer needed
            state = step.outputs();
            if (withLogDet && step.hasLogDet()) {
                if (logDet == null) {
                    logDet = step.logDet();
                } else {
                    NDArray sum = logDet.add(step.logDet());
                    logDet.close();
                    step.logDet().close();
                    logDet = sum;
                }
            } else if (step.hasLogDet()) {
                step.logDet().close();
            }
        }
        if (withLogDet && logDet == null) {
            logDet = state.head().getManager().zeros(new Shape(state.head().getShape().get(0)));
        }
        return new FlowResult(state, logDet);
    }

    private NDList runInverse(NDList state) {
        for (int i = blocks.length - 1; i >= 0; i--) {
            if (blocks[i] == null) {
                continue;
            }
            NDList previous = blocks[i].inverse(state);
            state.close();
            state = previous;
        }
        return state;
    }

    /** Shape as expected, and the data type of the parameters (float32; float64 where a test checks gradients). */
    private void checkShape(NDArray array, Shape expected, String what) {
        if (!array.getShape().equals(expected)) {
            throw new IllegalArgumentException(what + " must have shape " + expected + ", got " + array.getShape());
        }
        DataType parameters = stateDict().values().iterator().next().getArray().getDataType();
        if (array.getDataType() != parameters) {
            throw new IllegalArgumentException(what + " must be " + parameters + ", got " + array.getDataType());
        }
    }

    /**
     * DJL entry point, [latents, logDet]. The nodes read their parameter arrays directly, so every
     * parameter is registered with the store here (a Trainer updates only what it has handed out) and
     * checked to be the very array the nodes use: the flow runs on a single device.
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray frames = inputs.singletonOrThrow();
        for (Parameter parameter : getParameters().values()) {
            if (parameterStore.getValue(parameter, frames.getDevice(), training) != parameter.getArray()) {
                throw new UnsupportedOperationException(
                        "FlowModel runs on one device with uncopied parameters; got a copy of " + parameter.getName());
            }
        }
        FlowResult result = forwardWithLogDet(frames);
        return new NDList(result.output(), result.logDet());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, spec.dimensions()), new Shape(n)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (FlowBlock block : blocks) {
            if (block != null) {
                block.initialize(manager, dataType, shapes);
                shapes = block.flowOutputShapes(shapes);
            }
        }
    }
}
