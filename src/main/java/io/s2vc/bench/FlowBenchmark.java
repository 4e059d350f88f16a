package io.s2vc.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.s2vc.flow.FlowFlops;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.pretrain.LikelihoodStep;
import io.s2vc.nd.CoupledAdam;
import io.s2vc.nd.GradientGuard;
import io.s2vc.flow.FlowSpec;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code s2vc bench flow}: encode and decode throughput of the flow architectures at a few batch
 * sizes, with the achieved GFLOP/s (from {@link FlowFlops}) next to the engine's fp32 matmul peak
 * measured in the same run ({@link EnginePeak}). Random weights (no coupling is the identity) cost the
 * same as trained ones.
 */
public final class FlowBenchmark extends CaseBenchmark<FlowBenchmark.Case> {
    /** An architecture at a batch size. */
    public record Case(FlowSpec spec, int batch) {
    }

    /** What the benchmark measures by default: the paper's flow at batch 16 and 64, and the CPU flow. */
    public static final List<Case> DEFAULT_CASES = List.of(
            new Case(FlowSpec.advflowImagenet64(), 16), new Case(FlowSpec.advflowImagenet64(), 64),
            new Case(FlowSpec.cpuTiny32(), 16), new Case(FlowSpec.cpuTiny32(), 64));

    private final boolean train;

    /** @param train whether each case also times a pre-training step ({@code flow.pretrain_steps_per_s}) */
    public FlowBenchmark(Device device, List<Case> cases, int repeats, boolean train) {
        super("flow", device, cases, repeats);
        this.train = train;
    }

    @Override
    protected void measure(NDManager manager, Case c, Context context, Consumer<Measurement> out) {
        FlowSpec spec = c.spec();
        double flopsPerFrame = FlowFlops.perFrame(spec);
        double[] encode = new double[repeats];
        double[] decode = new double[repeats];
        try (NDManager scope = manager.newSubManager()) {
            FlowModel model = FlowModel.create(spec, FlowInit.randomEverywhere(1, FlowInit.ADVFLOW_SIGMA), scope);
            NDArray frames = scope.randomUniform(0, 1, spec.frameShape(c.batch()));
            for (int r = -1; r < repeats; r++) { // one warm-up round
                try (NDManager call = scope.newSubManager()) {
                    NDArray input = frames.duplicate();
                    input.attach(call);
                    long start = System.nanoTime();
                    NDArray latents = model.encode(input);
                    latents.getFloat(0, 0);
                    long encoded = System.nanoTime();
                    model.decode(latents).getFloat(0, 0, 0, 0);
                    long decoded = System.nanoTime();
                    if (r >= 0) {
                        encode[r] = c.batch() / ((encoded - start) / 1e9);
                        decode[r] = c.batch() / ((decoded - encoded) / 1e9);
                    }
                }
            }
        }
        if (train) {
            Measurement m = new Measurement("flow.pretrain_steps_per_s", "steps/s", pretrainSteps(manager, c));
            out.accept(context.describe(m.with("profile", spec.name()).with("batch", c.batch())
                    .with("size", spec.height()))
                    .with("note", "one maximum-likelihood step: forward, backward, gradient check, Adam"));
        }
        for (String direction : List.of("encode", "decode")) {
            double[] framesPerSecond = direction.equals("encode") ? encode : decode;
            Measurement m = new Measurement("flow." + direction + "_frames_per_s", "frames/s", framesPerSecond);
            double gflops = m.median() * flopsPerFrame / 1e9;
            out.accept(context.describe(m.with("profile", spec.name())
                    .with("batch", c.batch())
                    .with("frames", c.batch())
                    .with("size", spec.height()))
                    .with("gflops", gflops)
                    .with("gflop_per_frame", flopsPerFrame / 1e9));
        }
    }

    /** Steps per second of {@link LikelihoodStep} on random frames, as flow pre-training runs it, after one warm-up step. */
    private double[] pretrainSteps(NDManager manager, Case c) {
        double[] stepsPerSecond = new double[repeats];
        try (NDManager scope = manager.newSubManager()) {
            FlowModel model = FlowModel.create(c.spec(), FlowInit.randomEverywhere(1, FlowInit.ADVFLOW_SIGMA), scope);
            CoupledAdam adam = CoupledAdam.builder().build(LikelihoodStep.trainableParameters(model), scope);
            LikelihoodStep step = new LikelihoodStep(model, adam,
                    new GradientGuard("benchmark", GradientGuard.DEFAULT_MAX_IN_A_ROW));
            NDArray frames = scope.randomUniform(0, 1, c.spec().frameShape(c.batch()));
            for (int r = -1; r < repeats; r++) {
                try (NDManager call = scope.newSubManager()) {
                    NDArray input = frames.duplicate();
                    input.attach(call);
                    long start = System.nanoTime();
                    step.run(input, 1e-4, r + 2);
                    if (r >= 0) {
                        stepsPerSecond[r] = 1e9 / (System.nanoTime() - start);
                    }
                }
            }
        }
        return stepsPerSecond;
    }
}
