package io.s2vc.cli;

import static io.s2vc.cli.CommandLineTest.assertOneLineError;
import static io.s2vc.cli.CommandLineTest.run;

import org.junit.jupiter.api.Test;

/** {@code s2vc bench train} refuses what it cannot measure in one line (the measuring itself: TrainBenchmarkTest). */
class BenchTrainCommandTest {
    @Test
    void anUnknownSettingIsOneLine() {
        assertOneLineError(run("bench", "train", "--only", "s3d"), "--only must be r3d18 or cpu-tiny");
    }

    @Test
    void aMemoryRunOfOneStepHasNoSlope() {
        assertOneLineError(run("bench", "train", "--memory-steps", "1"), "--memory-steps must be 0 or >= 2");
    }
}
