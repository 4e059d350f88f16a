package io.s2vc.cli;

import io.s2vc.bench.Measurement;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every benchmark shares, and where its measurements go. */
public final class BenchOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--json", description = "Print JSON lines (the only output format; kept for clarity).")
    boolean json;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats per case (default: ${DEFAULT-VALUE}).")
    int repeats;

    /** The number of repeats, checked. */
    int repeats() {
        if (repeats < 1) {
            throw new UserException("--repeats must be >= 1");
        }
        return repeats;
    }

    /** Prints each measurement as a JSON line to the command's output as soon as it is made. */
    Consumer<Measurement> printer() {
        PrintWriter out = command.commandLine().getOut();
        return m -> {
            out.println(m.toJson());
            out.flush();
        };
    }
}
