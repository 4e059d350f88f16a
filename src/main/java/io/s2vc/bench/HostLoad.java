package io.s2vc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a timed interval had of the machine: this process's CPU time (all its threads, native ones included)
 * and the share of the host's CPU time stolen by the hypervisor ({@code steal} in {@code /proc/stat}).
 *
 * <p>Why: on a shared virtual machine another tenant can take a third of every core for minutes, which
 * lowers every wall-clock rate without changing the work; the CPU time per item does not move with it
 * (stolen time is not charged to the process). Each case therefore reports both, with the steal share
 * beside them, and a comparison quotes the rates measured in the same minutes.
 *
 * @param processCpuNanos this process's CPU time so far
 * @param hostTicks the host's CPU time so far, all states, in clock ticks ({@code -1} where there is no /proc)
 * @param stealTicks of which stolen
 */
record HostLoad(long processCpuNanos, long hostTicks, long stealTicks) implements java.io.Serializable {
    private static final Path STAT = Path.of("/proc/stat");

    static HostLoad now() {
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        try {
            String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) { // user … steal; guest time is inside user
                total += Long.parseLong(fields[i]);
            }
            return new HostLoad(cpu, total, fields.length > 8 ? Long.parseLong(fields[8]) : 0);
        } catch (IOException | RuntimeException e) {
            return new HostLoad(cpu, -1, 0);
        }
    }

    /** This process's CPU seconds since {@code start}. */
    double cpuSecondsSince(HostLoad start) {
        return (processCpuNanos - start.processCpuNanos) / 1e9;
    }

    /** The share of the host's CPU time stolen since {@code start}, in [0, 1]; NaN without /proc/stat. */
    double stealShareSince(HostLoad start) {
        long ticks = hostTicks - start.hostTicks;
        return hostTicks < 0 || start.hostTicks < 0 || ticks <= 0 ? Double.NaN : (double) (stealTicks - start.stealTicks) / ticks;
    }
}
