package io.s2vc.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.Consumer;

/**
 * A benchmark of engine work over a list of cases, each measured in repeats: first the engine's fp32
 * matmul peak ({@link EnginePeak}) as its own line, then every case, with the peak measured again
 * right before it (on a shared host the load moves during a long run, and a ratio is only meaningful
 * against the peak of the same moment).
 *
 * @param <C> a case: what is measured, at which size
 */
abstract class CaseBenchmark<C> {
    protected final Device device;
    protected final List<C> cases;
    protected final int repeats;

    /** What every line of a case carries besides its own fields. */
    protected record Context(String device, int threads, double peakGflops) {
        Measurement describe(Measurement m) {
            return m.with("device", device).with("threads", threads).with("peak_gflops", peakGflops);
        }
    }

    protected CaseBenchmark(String what, Device device, List<C> cases, int repeats) {
        if (repeats < 1 || cases.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " benchmark needs cases and at least one repeat");
        }
        this.device = device;
        this.cases = List.copyOf(cases);
        this.repeats = repeats;
    }

    public final void run(Consumer<Measurement> out) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            int threads = EnginePeak.threads(manager);
            Measurement peakLine = EnginePeak.measurement(manager, repeats);
            out.accept(peakLine);
            for (int i = 0; i < cases.size(); i++) {
                double peak = i == 0 ? peakLine.median() : EnginePeak.measureGflops(manager);
                measure(manager, cases.get(i), new Context(Measurement.deviceName(device), threads, peak), out);
            }
        }
    }

    /** Measures one case and hands its lines to {@code out}. */
    protected abstract void measure(NDManager manager, C c, Context context, Consumer<Measurement> out);
}
