package io.s2vc.bench;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory of this process right after a garbage collection: the resident set size ({@code VmRSS} in
 * {@code /proc/self/status}: Java heap, native tensors and libraries together; Linux only), the
 * committed Java heap and the direct buffers still held.
 *
 * <p>Why collect first: DJL hands every array it creates from Java data to libtorch in a direct buffer,
 * which is freed only when a collection finds it unreachable. Between collections the training loop's
 * resident size rises by about 2 MB a cpu-tiny step of such garbage, and falls back at the next
 * collection, which a large heap may put off for hundreds of steps: growth that is no leak. What a
 * collection leaves is what the process keeps.
 *
 * @param rssMb resident set size
 * @param heapCommittedMb Java heap the JVM holds
 * @param directMb direct buffers still allocated
 */
record ProcessMemory(double rssMb, double heapCommittedMb, double directMb) {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final double MB = 1024.0 * 1024.0;
    /** The collector only queues unreachable direct buffers; a JDK thread frees them right after. */
    private static final long CLEANER_WAIT_MS = 100;

    static ProcessMemory afterCollection() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(CLEANER_WAIT_MS);
        return now();
    }

    /** The memory as it is, without a collection first (for many samples of a running job). */
    static ProcessMemory now() throws IOException {
        double direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return new ProcessMemory(residentMb(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / MB,
                direct / MB);
    }

    private static double residentMb() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim()) / 1024.0;
            }
        }
        throw new IOException("no VmRSS line in " + STATUS);
    }
}
