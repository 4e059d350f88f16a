package io.s2vc.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.s2vc.flow.FlowFlops;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionSeeds;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code s2vc bench suppress}: throughput of static-cue suppression in motion-preserved clips per second,
 * on the wire form the augment job uses (uint8 clips in, uint8 clips out: {@link
 * StaticCueSuppressor#suppress(List, long[])}), with the default strategy (zero) at α = 0.5. The achieved
 * GFLOP/s counts the flow's encode and decode of all B·T frames ({@link FlowFlops}); the rest (pooling,
 * std, masking, up-sampling, uint8 conversions) is left out of the count but not of the time. The
 * engine's fp32 matmul peak ({@link EnginePeak}) is measured in the same run, right before each case. Random flow weights (no
 * coupling is the identity) cost the same as trained ones.
 *
 * <p>Each case also reports the CPU seconds per clip and the share of the host stolen meanwhile ({@link
 * HostLoad}), one profiled call split by operator ({@code suppress.op_profile}, {@link OpProfile}), and, right
 * after it, the same case in plain PyTorch ({@code reference.suppress.clips_per_s}, {@link TorchReference})
 * with the ratio of the two rates ({@code suppress.ratio_to_pytorch}).
 */
public final class SuppressBenchmark extends CaseBenchmark<SuppressBenchmark.Case> {
    /** Operators listed per profiled call. */
    private static final int PROFILE_OPS = 8;

    /** A flow and clip shape (a configuration profile) at a batch size. */
    public record Case(String profile, FlowSpec spec, boolean keepResidual, int batch, int frames, int size) {
        public Case {
            if (batch < 1 || frames < 2 || size < 1) {
                throw new IllegalArgumentException("a suppression case needs batch >= 1, frames >= 2 and size >= 1");
            }
        }

        public Case withBatch(int newBatch) {
            return new Case(profile, spec, keepResidual, newBatch, frames, size);
        }

        /** The reference script's name and selection of this case. */
        private String referenceName() {
            return "suppress." + profile + ".b" + batch;
        }

        private List<String> referenceArguments() {
            return profile.equals("paper")
                    ? List.of("--cases", "suppress", "--paper-batches", String.valueOf(batch), "--cpu-batches", "")
                    : List.of("--cases", "suppress", "--paper-batches", "", "--cpu-flows", spec.name(),
                            "--cpu-batches", String.valueOf(batch));
        }
    }

    /** The paper's setting: advflow-imagenet64 on 16×112×112 clips, residual kept (docs/configuration.md). */
    public static Case paper(int batch) {
        return new Case("paper", FlowSpec.advflowImagenet64(), true, batch, 16, 112);
    }

    /** The embedded CPU profile (conf/cpu-tiny.yaml): cpu-narrow-32 on 8×48×48 clips, no residual. */
    public static Case cpuTiny(int batch) {
        return new Case("cpu-tiny", FlowSpec.cpuNarrow32(), false, batch, 8, 48);
    }

    /**
     * Paper batches 1 and 4, cpu-tiny batches 1 and 16 (the profile's {@code suppress.batch_size}); {@code full}
     * adds paper 16 (about 2 minutes a repeat on 2 cores, and its reference 6) and cpu-tiny 4 and 64.
     */
    public static List<Case> defaultCases(boolean full) {
        List<Case> cases = new ArrayList<>();
        for (int batch : full ? new int[] {1, 4, 16} : new int[] {1, 4}) {
            cases.add(paper(batch));
        }
        for (int batch : full ? new int[] {1, 4, 16, 64} : new int[] {1, 16}) {
            cases.add(cpuTiny(batch));
        }
        return cases;
    }

    private final boolean reference;
    private TorchReference torch;

    /** @param reference whether each case is also timed in plain PyTorch, right after */
    public SuppressBenchmark(Device device, List<Case> cases, int repeats, boolean reference) {
        super("suppression", device, cases, repeats);
        this.reference = reference;
    }

    @Override
    protected void measure(NDManager manager, Case c, Context context, Consumer<Measurement> out) {
        double[] clipsPerSecond = new double[repeats];
        double[] cpuSecondsPerClip = new double[repeats];
        double steal;
        List<OpProfile.Op> profile = null;
        try (NDManager scope = manager.newSubManager()) {
            FlowModel flow = FlowModel.create(c.spec(), FlowInit.randomEverywhere(1, FlowInit.ADVFLOW_SIGMA), scope);
            List<Clip> clips = RandomClips.of(c.batch(), c.frames(), c.size(), 7);
            long[] seeds = new long[c.batch()];
            for (int b = 0; b < seeds.length; b++) {
                seeds[b] = SuppressionSeeds.forClip("bench", b);
            }
            try (StaticCueSuppressor suppressor = StaticCueSuppressor.builder().setFlow(flow)
                    .optKeepResidual(c.keepResidual()).build()) {
                suppressor.suppress(clips, seeds); // warm-up (also builds the resampling matrices)
                HostLoad before = HostLoad.now();
                for (int r = 0; r < repeats; r++) {
                    HostLoad start = HostLoad.now();
                    long t0 = System.nanoTime();
                    suppressor.suppress(clips, seeds);
                    clipsPerSecond[r] = c.batch() / ((System.nanoTime() - t0) / 1e9);
                    cpuSecondsPerClip[r] = HostLoad.now().cpuSecondsSince(start) / c.batch();
                }
                steal = HostLoad.now().stealShareSince(before);
                if (OpProfile.available()) {
                    profile = OpProfile.of(() -> suppressor.suppress(clips, seeds), PROFILE_OPS);
                }
            }
        }
        Measurement m = new Measurement("suppress.clips_per_s", "clips/s", clipsPerSecond);
        double flopsPerClip = 2 * c.frames() * FlowFlops.perFrame(c.spec()); // encode + decode of T frames
        out.accept(describe(context.describe(m), c)
                .with("gflops", m.median() * flopsPerClip / 1e9)
                .with("gflop_per_clip", flopsPerClip / 1e9)
                .with("cpu_s_per_clip", Measurement.median(cpuSecondsPerClip))
                .with("steal_share", steal));
        if (profile != null) {
            out.accept(describe(context.describe(new Measurement("suppress.op_profile", "s", profile.get(0).seconds())), c)
                    .with("note", "one call under libtorch's profiler: top-level operators by total time")
                    .with("ops", OpProfile.asFields(profile)));
        }
        if (reference) {
            if (torch == null) {
                torch = new TorchReference(context.threads(), repeats);
            }
            torch.compare(m, c.referenceName(), c.referenceArguments(), line -> describe(line, c), out);
        }
    }

    private static Measurement describe(Measurement m, Case c) {
        return m.with("profile", c.profile())
                .with("flow", c.spec().name())
                .with("batch", c.batch())
                .with("frames", c.frames())
                .with("size", c.size())
                .with("keep_residual", c.keepResidual())
                .with("strategy", "zero")
                .with("alpha", StaticCueSuppressor.DEFAULT_ALPHA);
    }
}
