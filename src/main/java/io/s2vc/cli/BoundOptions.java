package io.s2vc.cli;

import io.s2vc.stream.runtime.InputBound;
import picocli.CommandLine.Option;

/** How long a streaming job runs; unbounded unless one of these is given. */
public final class BoundOptions {
    @Option(names = "--max-records", paramLabel = "N", defaultValue = "0",
            description = "Process exactly N input records, then finish (0: no limit).")
    long maxRecords;

    @Option(names = "--until-idle", paramLabel = "SECONDS", defaultValue = "0",
            description = "Finish once the input has been idle and fully consumed for this long (0: never).")
    double untilIdle;

    public InputBound bound() {
        return new InputBound(maxRecords, untilIdle);
    }
}
