package io.s2vc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemoryTraceTest {
    @Test
    void theSlopeIgnoresTheFirstHalf() {
        MemoryTrace trace = new MemoryTrace();
        double[] rss = {500, 900, 1000, 1000.5, 1001, 1001.5};
        for (int i = 0; i < rss.length; i++) {
            trace.add(10L * i, new ProcessMemory(rss[i], 100, 10));
        }
        assertEquals(5, trace.rssSlopePer100Steps(), 1e-9, "0.5 MB every 10 steps from the fourth sample on");
        assertEquals(500, trace.first().rssMb());
        assertEquals(1001.5, trace.last().rssMb());
        assertEquals(1001.5, trace.maxRssMb());
        assertEquals(6, trace.rssCurve().size());
        assertEquals(30, trace.rssCurve().get(3)[0]);
        assertEquals(1000.5, trace.rssCurve().get(3)[1]);
    }

    @Test
    void theNativeSlopeLeavesOutTheHeapTheJvmCommitsAndReturns() {
        MemoryTrace trace = new MemoryTrace();
        double[] heap = {100, 100, 400, 100, 300, 100};
        for (int i = 0; i < heap.length; i++) {
            trace.add(10L * i, new ProcessMemory(1000 + heap[i] + i, heap[i], 10));
        }
        assertEquals(10, trace.nativeSlopePer100Steps(), 1e-9, "1 MB of native memory every 10 steps");
        assertEquals(400, trace.heapCurve().get(2)[1]);
    }
}
