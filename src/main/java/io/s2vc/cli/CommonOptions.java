package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.stream.runtime.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command shares: profile, overrides, work folder, external Kafka and Flink. */
public final class CommonOptions {
    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = Config.DEFAULT_PROFILE,
            description = "Configuration profile: cpu-tiny (default), paper-r3d18, paper-s3d, or a YAML file.")
    String profile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "s2vc-work",
            description = "Folder for everything an embedded run writes (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "An external Kafka; without it an embedded broker starts in-process.")
    String bootstrapServers;

    @Option(names = "--flink", paramLabel = "HOST:PORT",
            description = "REST address of an external Flink cluster; without it an embedded MiniCluster runs.")
    String flinkAddress;

    public Config config() {
        return config(new KeyOptions());
    }

    /** The configuration with a command's own options that stand for keys applied last. */
    Config config(KeyOptions commandOptions) {
        List<String> all = new ArrayList<>(overrides());
        all.addAll(commandOptions.overrides());
        return Config.load(profile, all);
    }

    /** The --set overrides, then those that --bootstrap-servers and --flink stand for. */
    public List<String> overrides() {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(new KeyOptions().setText(Catalogue.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers)
                .setText(Catalogue.FLINK_REST_ADDRESS, flinkAddress).overrides());
        return all;
    }

    /** These options as command-line arguments, to run another command with the same settings. */
    public List<String> asArguments() {
        List<String> args = new ArrayList<>(List.of("--profile", profile, "--work", work.toString()));
        overrides.forEach(o -> args.addAll(List.of("--set", o)));
        if (bootstrapServers != null) {
            args.addAll(List.of("--bootstrap-servers", bootstrapServers));
        }
        if (flinkAddress != null) {
            args.addAll(List.of("--flink", flinkAddress));
        }
        return args;
    }

    public Path work() {
        return work;
    }

    public Platform platform() {
        return new Platform(config(), work);
    }
}
