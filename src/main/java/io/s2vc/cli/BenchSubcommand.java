package io.s2vc.cli;

import ai.djl.Device;
import io.s2vc.bench.Measurement;
import io.s2vc.config.Catalogue;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;

/** What every {@code s2vc bench} subcommand shares: the common and benchmark options, its device and its output. */
abstract class BenchSubcommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    BenchOptions bench;

    /** The configured device ({@code device}). */
    Device device() {
        return common.config().get(Catalogue.DEVICE).resolve();
    }

    /** Where measurements go: one JSON line each, as soon as it is made. */
    Consumer<Measurement> out() {
        return bench.printer();
    }
}
