package io.s2vc.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link ProcessMemory} sampled along a training run: the first, last and largest resident size, and its
 * least-squares slope over the second half of the samples, by when allocator pools, the JIT and the
 * heap have settled; a leak shows there as a slope that stays above zero however long the run.
 */
final class MemoryTrace {
    private final List<Long> steps = new ArrayList<>();
    private final List<ProcessMemory> samples = new ArrayList<>();

    void add(long step, ProcessMemory memory) {
        steps.add(step);
        samples.add(memory);
    }

    ProcessMemory first() {
        return samples.get(0);
    }

    ProcessMemory last() {
        return samples.get(samples.size() - 1);
    }

    /** The samples as {@code [step, resident MB]}, in order: the curve behind the slope. */
    List<double[]> rssCurve() {
        List<double[]> curve = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            curve.add(new double[] {steps.get(i), Math.round(samples.get(i).rssMb() * 10) / 10.0});
        }
        return curve;
    }

    /** The committed Java heap at each sample, as {@code [step, MB]}: what of the resident curve is heap. */
    List<double[]> heapCurve() {
        List<double[]> curve = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            curve.add(new double[] {steps.get(i), Math.round(samples.get(i).heapCommittedMb() * 10) / 10.0});
        }
        return curve;
    }

    double maxRssMb() {
        return samples.stream().mapToDouble(ProcessMemory::rssMb).max().orElseThrow();
    }

    /** Resident MB per 100 steps, fitted to the second half of the samples (at least two). */
    double rssSlopePer100Steps() {
        return slopePer100Steps(ProcessMemory::rssMb);
    }

    /**
     * The same slope of the resident size less the committed Java heap: native memory (libtorch, allocator pools,
     * direct buffers, metaspace), without the heap the JVM commits and gives back as it likes.
     */
    double nativeSlopePer100Steps() {
        return slopePer100Steps(m -> m.rssMb() - m.heapCommittedMb());
    }

    private double slopePer100Steps(java.util.function.ToDoubleFunction<ProcessMemory> mb) {
        int from = samples.size() / 2;
        int n = samples.size() - from;
        if (n < 2) {
            throw new IllegalStateException("a slope needs at least two samples in the second half");
        }
        double meanStep = 0;
        double meanMb = 0;
        for (int i = from; i < samples.size(); i++) {
            meanStep += steps.get(i) / (double) n;
            meanMb += mb.applyAsDouble(samples.get(i)) / n;
        }
        double covariance = 0;
        double variance = 0;
        for (int i = from; i < samples.size(); i++) {
            double ds = steps.get(i) - meanStep;
            covariance += ds * (mb.applyAsDouble(samples.get(i)) - meanMb);
            variance += ds * ds;
        }
        return 100 * covariance / variance;
    }
}
