package io.s2vc.cli;

import io.s2vc.bench.IngestBenchmark;
import io.s2vc.bench.Measurement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. Each prints one JSON object per line and measurement: name, value (median over "
                + "repeats), unit, repeats and the configuration it ran with.",
        subcommands = {BenchCommand.Ingest.class})
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

        @Option(names = "--json", description = "Print JSON lines (the only output format; kept for clarity).")
        boolean json;

        @Option(names = "--repeats", defaultValue = "3", description = "Repeats (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--videos", defaultValue = "32", description = "Videos per repeat (default: ${DEFAULT-VALUE}).")
        int videos;

        @Override
        public Integer call() throws Exception {
            if (repeats < 1 || videos < 8) {
                throw new IllegalArgumentException("--repeats must be >= 1 and --videos >= 8");
            }
            new IngestBenchmark(common.config(), common.work().resolve("bench"), videos, repeats)
                    .run(m -> System.out.println(m.toJson()));
            return 0;
        }
    }
}
