package io.s2vc.cli;

import picocli.CommandLine.Option;

/** Options every benchmark shares. */
public final class BenchOptions {
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
}
