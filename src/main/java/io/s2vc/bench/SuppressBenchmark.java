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
 */
public final class SuppressBenchmark extends CaseBenchmark<SuppressBenchmark.Case> {
    /** A flow and clip shape (a configuration profile) at a batch size. */
    public record Case(String profile, FlowSpec spec, int batch, int frames, int size) {
        public Case {
            if (batch < 1 || frames < 2 || size < 1) {
                throw new IllegalArgumentException("a suppression case needs batch >= 1, frames >= 2 and size >= 1");
            }
        }

        public Case withBatch(int newBatch) {
            return new Case(profile, spec, newBatch, frames, size);
        }
    }

    /** The paper's setting: advflow-imagenet64 on 16×112×112 clips. */
    public static Case paper(int batch) {
        return new Case("paper", FlowSpec.advflowImagenet64(), batch, 16, 112);
    }

    /** The embedded CPU profile: cpu-tiny-32 on 8×48×48 clips. */
    public static Case cpuTiny(int batch) {
        return new Case("cpu-tiny", FlowSpec.cpuTiny32(), batch, 8, 48);
    }

    /** Paper batches 1, 4, 16 (16 is left out when {@code quick}: about 70 s a repeat on 2 cores) and CPU batches 1, 4, 16, 64. */
    public static List<Case> defaultCases(boolean quick) {
        List<Case> cases = new ArrayList<>();
        for (int batch : quick ? new int[] {1, 4} : new int[] {1, 4, 16}) {
            cases.add(paper(batch));
        }
        for (int batch : new int[] {1, 4, 16, 64}) {
            cases.add(cpuTiny(batch));
        }
        return cases;
    }

    public SuppressBenchmark(Device device, List<Case> cases, int repeats) {
        super("suppression", device, cases, repeats);
    }

    @Override
    protected void measure(NDManager manager, Case c, Context context, Consumer<Measurement> out) {
        double[] clipsPerSecond = new double[repeats];
        try (NDManager scope = manager.newSubManager()) {
            FlowModel flow = FlowModel.create(c.spec(), FlowInit.randomEverywhere(1, FlowInit.ADVFLOW_SIGMA), scope);
            List<Clip> clips = RandomClips.of(c.batch(), c.frames(), c.size(), 7);
            long[] seeds = new long[c.batch()];
            for (int b = 0; b < seeds.length; b++) {
                seeds[b] = SuppressionSeeds.forClip("bench", b);
            }
            try (StaticCueSuppressor suppressor = StaticCueSuppressor.builder().setFlow(flow).build()) {
                for (int r = -1; r < repeats; r++) { // one warm-up round (also builds the resampling matrices)
                    long start = System.nanoTime();
                    suppressor.suppress(clips, seeds);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (r >= 0) {
                        clipsPerSecond[r] = c.batch() / seconds;
                    }
                }
            }
        }
        Measurement m = new Measurement("suppress.clips_per_s", "clips/s", clipsPerSecond);
        double flopsPerClip = 2 * c.frames() * FlowFlops.perFrame(c.spec()); // encode + decode of T frames
        out.accept(context.describe(m.with("profile", c.profile())
                .with("flow", c.spec().name())
                .with("batch", c.batch())
                .with("frames", c.frames())
                .with("size", c.size()))
                .with("strategy", "zero")
                .with("alpha", StaticCueSuppressor.DEFAULT_ALPHA)
                .with("gflops", m.median() * flopsPerClip / 1e9)
                .with("gflop_per_clip", flopsPerClip / 1e9));
    }
}
