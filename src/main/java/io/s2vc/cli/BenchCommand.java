package io.s2vc.cli;

import io.s2vc.bench.FlowBenchmark;
import io.s2vc.bench.IngestBenchmark;
import io.s2vc.bench.SuppressBenchmark;
import io.s2vc.bench.TrainBenchmark;
import io.s2vc.flow.FlowSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. Each prints one JSON object per line and measurement: name, value (median over "
                + "repeats), unit, repeats and the configuration it ran with.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Flow.class, BenchCommand.Suppress.class,
            BenchCommand.Train.class, BenchCommand.Eval.class, BenchCommand.Scale.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Ingest + augment throughput (clips/s, MB/s) for 16x112x112 clips, and the share of time "
                    + "in decode, Avro, Kafka and augmentation.")
    static final class Ingest extends BenchSubcommand {
        @Option(names = "--videos", defaultValue = "32", description = "Videos per repeat (default: ${DEFAULT-VALUE}).")
        int videos;

        @Override
        public Integer call() throws Exception {
            if (videos < 8) {
                throw new UserException("--videos must be >= 8");
            }
            new IngestBenchmark(common.config(), common.work().resolve("bench"), videos, bench.repeats())
                    .run(out());
            return 0;
        }
    }

    @Command(name = "flow", mixinStandardHelpOptions = true,
            description = "Flow encode and decode throughput (frames/s) of advflow-imagenet64 at batch 16 and 64 and of "
                    + "cpu-tiny-32, with the achieved GFLOP/s (conv + linear FLOPs counted from the architecture) and "
                    + "the engine's fp32 matmul peak measured in the same run.")
    static final class Flow extends BenchSubcommand {
        @Option(names = "--arch", paramLabel = "NAME", split = ",",
                description = "Only these architectures (default: all).")
        List<String> architectures;

        @Option(names = "--batch", paramLabel = "N", split = ",",
                description = "Batch sizes (default: 16,64).")
        List<Integer> batches;

        @Option(names = "--train", description = "Also time one flow pre-training step per case (forward, backward, "
                + "gradient check, Adam): flow.pretrain_steps_per_s. About 30 s a step for advflow-imagenet64 at batch 64.")
        boolean train;

        @Override
        public Integer call() {
            List<FlowBenchmark.Case> cases = new ArrayList<>();
            for (FlowBenchmark.Case c : FlowBenchmark.DEFAULT_CASES) {
                if (architectures == null || architectures.contains(c.spec().name())) {
                    cases.add(c);
                }
            }
            if (architectures != null) {
                architectures.forEach(FlowSpec::byName); // an unknown name is an error, not an empty run
            }
            if (batches != null) {
                List<FlowBenchmark.Case> resized = new ArrayList<>();
                cases.stream().map(FlowBenchmark.Case::spec).distinct().forEach(spec -> batches.forEach(b -> {
                    if (b < 1) {
                        throw new IllegalArgumentException("--batch sizes must be >= 1");
                    }
                    resized.add(new FlowBenchmark.Case(spec, b));
                }));
                cases = resized;
            }
            new FlowBenchmark(device(), cases, bench.repeats(), train).run(out());
            return 0;
        }
    }

    @Command(name = "suppress", mixinStandardHelpOptions = true,
            description = "Static-cue suppression throughput (motion-preserved clips/s, uint8 clips in and out, "
                    + "strategy zero, alpha 0.5): advflow-imagenet64 on 16x112x112 clips at batch 1 and 4 (the paper's "
                    + "setting) and cpu-narrow-32 on 8x48x48 clips (the cpu-tiny profile) at batch 1 and 16, with the "
                    + "achieved GFLOP/s of the flow's encode + decode, the CPU seconds per clip, the host's stolen "
                    + "share, one profiled call split by operator, and the engine's fp32 matmul peak, all measured in "
                    + "the same run; after each case the same case in plain PyTorch (bench/torch_reference.py, "
                    + "Debian's python3-torch; skipped with a reason where absent) and the ratio. About 5 minutes on "
                    + "2 cores. Settings (--only): paper, cpu-tiny; --full adds paper batch 16 (about 10 minutes "
                    + "more with its reference) and cpu-tiny batches 4 and 64.")
    static final class Suppress extends BenchSubcommand {
        @Mixin
        CaseOptions selection;

        @Override
        public Integer call() {
            List<SuppressBenchmark.Case> cases = selection.select(SuppressBenchmark.defaultCases(selection.full()),
                    List.of("paper", "cpu-tiny"), SuppressBenchmark.Case::profile, SuppressBenchmark.Case::withBatch);
            new SuppressBenchmark(device(), cases, bench.repeats(), selection.reference())
                    .run(out());
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "MoCo training throughput (pairs/s): R3D-18 on 16x112x112 views at batch 2 and 8 (the "
                    + "paper-r3d18 profile) and tiny3d on 8x48x48 at batch 16 (cpu-tiny), each in the standalone "
                    + "training loop and in the Flink job train fed from Kafka, side by side in one run, with their "
                    + "ratio (the cost of streaming); the achieved GFLOP/s (4 encoder forwards a pair, conv + linear "
                    + "FLOPs counted from the architecture) against the engine's fp32 matmul peak measured in the "
                    + "same run; then the resident memory along a long standalone cpu-tiny run. Settings (--only): "
                    + "r3d18, cpu-tiny; --quick skips R3D-18 at batch 8 (about 4 s a step on 2 cores). --set "
                    + "overrides apply to every setting; --profile is not used.")
    static final class Train extends BenchSubcommand {
        @Mixin
        CaseOptions selection;

        @Option(names = "--memory-steps", paramLabel = "N", defaultValue = "1200",
                description = "Steps of the resident-memory run (cpu-tiny, batch 16; about 0.1 s a step); 0 = none "
                        + "(default: ${DEFAULT-VALUE}: the resident size rises for some 600 steps, allocator pools "
                        + "and JIT, before it levels; skipped with --only r3d18).")
        int memorySteps;

        @Option(names = "--job-memory-steps", paramLabel = "N", defaultValue = "0",
                description = "Steps of a resident-memory run of the Flink job train fed from Kafka (cpu-tiny, batch "
                        + "16; pairs produced while it runs), after the cases; 0 = none (default). 10000 steps take "
                        + "about 20 minutes on 2 cores.")
        int jobMemorySteps;

        @Override
        public Integer call() throws Exception {
            List<TrainBenchmark.Case> cases = selection.select(TrainBenchmark.defaultCases(selection.full()),
                    List.of("r3d18", "cpu-tiny"), TrainBenchmark.Case::setting, TrainBenchmark.Case::withBatch);
            if (memorySteps != 0 && memorySteps < 2) {
                throw new UserException("--memory-steps must be 0 or >= 2");
            }
            if (jobMemorySteps != 0 && jobMemorySteps < 60) {
                throw new UserException("--job-memory-steps must be 0 or >= 60 (samples come with Flink checkpoints)");
            }
            boolean memory = memorySteps > 0 && !"r3d18".equals(selection.only());
            new TrainBenchmark(device(), cases, bench.repeats(),
                    memory ? new TrainBenchmark.LongRun(TrainBenchmark.cpuTiny(16), memorySteps) : null,
                    jobMemorySteps > 0 ? new TrainBenchmark.LongRun(TrainBenchmark.cpuTiny(16), jobMemorySteps) : null,
                    common.work().resolve("bench"), common.overrides(), selection.reference()).run(out());
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Feature extraction throughput of the evaluate job (clips/s, frozen backbone, BN running "
                    + "statistics): R3D-18 on 16x112x112 clips and tiny3d on 8x48x48 clips (the cpu-tiny profile), "
                    + "with the engine's fp32 matmul peak measured in the same run.")
    static final class Eval extends BenchSubcommand {
        @Override
        public Integer call() {
            new io.s2vc.bench.EvalBenchmark(device(), io.s2vc.bench.EvalBenchmark.defaultCases(),
                    bench.repeats()).run(out());
            return 0;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true,
            description = "Throughput of the augment job (views + static-cue suppression, Kafka to Kafka; clips/s) at "
                    + "parallelism 1 and 2 on the same clips, on an embedded MiniCluster of two TaskManagers, and the "
                    + "ratio; the profile's clips and flow architecture (random flow weights).")
    static final class Scale extends BenchSubcommand {
        @Option(names = "--windows", defaultValue = "256", description = "Clip windows per run (default: ${DEFAULT-VALUE}).")
        int windows;

        @Option(names = "--parallelism", paramLabel = "P", split = ",", defaultValue = "1,2",
                description = "Parallelisms to compare, the first is the baseline (default: ${DEFAULT-VALUE}).")
        List<Integer> parallelisms;

        @Override
        public Integer call() throws Exception {
            if (windows < 1) {
                throw new UserException("--windows must be >= 1");
            }
            if (parallelisms.stream().anyMatch(p -> p < 1 || p > 16)) {
                throw new UserException("--parallelism values must be between 1 and 16 (the MiniCluster's slots)");
            }
            new io.s2vc.bench.ScaleBenchmark(common.config(), common.work().resolve("bench").resolve("scale"), windows,
                    bench.repeats(), parallelisms).run(out());
            return 0;
        }
    }
}
