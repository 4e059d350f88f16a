package io.s2vc.cli;

import io.s2vc.config.ConfigurationReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The settings: show the effective configuration, or write the reference docs/configuration.md.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Docs.class})
final class ConfigCommand {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the configuration of --profile and --set (checked as every command checks it): every "
                    + "key, or with --changes only those that differ from the defaults.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--changes", description = "Only the keys the profile and overrides change.")
        boolean changesOnly;

        @Override
        public Integer call() {
            var config = common.config();
            if (changesOnly) {
                ConfigurationReference.changes(config).forEach(System.out::println);
            } else {
                config.asMap().forEach((key, value) -> System.out.println(key + "=" + value));
            }
            return 0;
        }
    }

    @Command(name = "docs", mixinStandardHelpOptions = true,
            description = "Write the configuration reference, generated from the settings catalogue.")
    static final class Docs implements Callable<Integer> {
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = ConfigurationReference.PATH,
                description = "Where to write it (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, ConfigurationReference.markdown(), StandardCharsets.UTF_8);
            System.out.println("wrote " + out);
            return 0;
        }
    }
}
