package io.s2vc.cli;

import io.s2vc.bench.FlowBenchmark;
import io.s2vc.bench.IngestBenchmark;
import io.s2vc.bench.Measurement;
import io.s2vc.bench.SuppressBenchmark;
import io.s2vc.config.Devices;
import io.s2vc.flow.FlowSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. Each prints one JSON object per line and measurement: name, value (median over "
                + "repeats), unit, repeats and the configuration it ran with.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Flow.class, BenchCommand.Suppress.class,
            BenchCommand.Eval.class})
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
    static final class Ingest implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Mixin
        BenchOptions bench;

        @Option(names = "--videos", defaultValue = "32", description = "Videos per repeat (default: ${DEFAULT-VALUE}).")
        int videos;

        @Override
        public Integer call() throws Exception {
            if (videos < 8) {
                throw new UserException("--videos must be >= 8");
            }
            new IngestBenchmark(common.config(), common.work().resolve("bench"), videos, bench.repeats())
                    .run(m -> System.out.println(m.toJson()));
            return 0;
        }
    }

    @Command(name = "flow", mixinStandardHelpOptions = true,
            description = "Flow encode and decode throughput (frames/s) of advflow-imagenet64 at batch 16 and 64 and of "
                    + "cpu-tiny-32, with the achieved GFLOP/s (conv + linear FLOPs counted from the architecture) and "
                    + "the engine's fp32 matmul peak measured in the same run.")
    static final class Flow implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Mixin
        CommonOptions common;

        @Mixin
        BenchOptions bench;

        @Option(names = "--arch", paramLabel = "NAME", split = ",",
                description = "Only these architectures (default: all).")
        List<String> architectures;

        @Option(names = "--batch", paramLabel = "N", split = ",",
                description = "Batch sizes (default: 16,64).")
        List<Integer> batches;

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
            PrintWriter out = command.commandLine().getOut();
            new FlowBenchmark(Devices.fromConfig(common.config()), cases, bench.repeats()).run(m -> {
                out.println(m.toJson());
                out.flush();
            });
            return 0;
        }
    }

    @Command(name = "suppress", mixinStandardHelpOptions = true,
            description = "Static-cue suppression throughput (motion-preserved clips/s, uint8 clips in and out, "
                    + "strategy zero, alpha 0.5): advflow-imagenet64 on 16x112x112 clips at batch 1, 4 and 16 "
                    + "(the paper's setting) and cpu-tiny-32 on 8x48x48 clips (the cpu-tiny profile) at batch 1, 4, "
                    + "16 and 64, with the achieved GFLOP/s of the flow's encode + decode and the engine's fp32 "
                    + "matmul peak measured in the same run.")
    static final class Suppress implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Mixin
        CommonOptions common;

        @Mixin
        BenchOptions bench;

        @Option(names = "--quick", description = "Skip the paper setting at batch 16 (about 70 s a repeat on 2 cores).")
        boolean quick;

        @Option(names = "--only", paramLabel = "SETTING", description = "Only one setting: paper | cpu-tiny.")
        String only;

        @Option(names = "--batch", paramLabel = "N", split = ",",
                description = "Batch sizes for every setting (default: paper 1,4,16; cpu-tiny 1,4,16,64).")
        List<Integer> batches;

        @Override
        public Integer call() {
            if (only != null && !only.equals("paper") && !only.equals("cpu-tiny")) {
                throw new IllegalArgumentException("--only must be paper or cpu-tiny, got '" + only + "'");
            }
            List<SuppressBenchmark.Case> cases = new ArrayList<>();
            for (SuppressBenchmark.Case c : SuppressBenchmark.defaultCases(quick)) {
                if (only == null || only.equals(c.profile())) {
                    cases.add(c);
                }
            }
            if (batches != null) {
                List<SuppressBenchmark.Case> resized = new ArrayList<>();
                cases.stream().map(c -> c.withBatch(1)).distinct().forEach(c -> batches.forEach(b -> {
                    if (b < 1) {
                        throw new IllegalArgumentException("--batch sizes must be >= 1");
                    }
                    resized.add(c.withBatch(b));
                }));
                cases = resized;
            }
            PrintWriter out = command.commandLine().getOut();
            new SuppressBenchmark(Devices.fromConfig(common.config()), cases, bench.repeats()).run(m -> {
                out.println(m.toJson());
                out.flush();
            });
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Feature extraction throughput of the evaluate job (clips/s, frozen backbone, BN running "
                    + "statistics): R3D-18 on 16x112x112 clips and tiny3d on 8x48x48 clips (the cpu-tiny profile), "
                    + "with the engine's fp32 matmul peak measured in the same run.")
    static final class Eval implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Mixin
        BenchOptions bench;

        @Override
        public Integer call() {
            new io.s2vc.bench.EvalBenchmark(Devices.fromConfig(common.config()), io.s2vc.bench.EvalBenchmark.defaultCases(),
                    bench.repeats()).run(m -> System.out.println(m.toJson()));
            return 0;
        }
    }
}
