package io.s2vc.model;

import io.s2vc.testing.TestArrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue as a ring buffer: initial noise, ragged batches, wrap-around, bookkeeping, state. */
class KeyQueueTest {
    private static final int DIM = 2;
    private static final int K = 5;

    /** Keys (n, 2) whose rows are (first + i, −(first + i)): each key says which one it is. */
    private static NDArray keys(NDManager manager, int first, int n) {
        float[] values = new float[n * DIM];
        for (int i = 0; i < n; i++) {
            values[2 * i] = first + i;
            values[2 * i + 1] = -(first + i);
        }
        return manager.create(values, new Shape(n, DIM));
    }

    /** The key number held by each of the first {@code filled} slots (column c is (v, −v)). */
    private static int[] slots(KeyQueue queue, int filled) {
        float[] columns = queue.keys().toFloatArray(); // row-major (dim, K)
        int[] ids = new int[filled];
        for (int c = 0; c < filled; c++) {
            assertEquals(-columns[c], columns[K + c], 0f);
            ids[c] = (int) columns[c];
        }
        return ids;
    }

    @Test
    void startsAsUnitNoiseColumns() {
        try (NDManager manager = NDManager.newBaseManager()) {
            KeyQueue queue = new KeyQueue(128, 7, 3, manager);
            assertEquals(new Shape(128, 7), queue.keys().getShape());
            float[] norms = queue.keys().norm(new int[] {0}).toFloatArray();
            for (float norm : norms) {
                assertEquals(1f, norm, 1e-5f);
            }
            assertEquals(new QueueStats(7, 0, 0, 0), queue.stats());
            assertEquals(7, queue.stats().noiseKeys());
            KeyQueue same = new KeyQueue(128, 7, 3, manager);
            assertEquals(0f, TestArrays.maxAbsDiff(queue.keys(), same.keys()), "same seed, same noise");
        }
    }

    @Test
    void raggedBatchesWrapAroundAndOversizedBatchesKeepTheirLastKeys() {
        try (NDManager manager = NDManager.newBaseManager()) {
            KeyQueue queue = new KeyQueue(DIM, K, 1, manager);
            queue.enqueue(keys(manager, 100, 3), null);
            assertEquals(3, queue.pointer());
            assertArrayEquals(new int[] {100, 101, 102}, slots(queue, 3));
            assertEquals(new QueueStats(K, 3, 0, 0), queue.stats());

            queue.enqueue(keys(manager, 200, 4), null); // slots 3, 4, then wraps to 0, 1
            assertEquals(2, queue.pointer());
            assertArrayEquals(new int[] {202, 203, 102, 200, 201}, slots(queue, K));
            assertEquals(K, queue.stats().realKeys());

            queue.enqueue(keys(manager, 300, 7), null); // 7 > K: slots 2,3,4,0,1,2,3; the last K survive
            assertEquals((2 + 7) % K, queue.pointer());
            assertArrayEquals(new int[] {303, 304, 305, 306, 302}, slots(queue, K));
            assertEquals(14, queue.enqueued());
        }
    }

    @Test
    void countsVideosAndFalseNegatives() {
        try (NDManager manager = NDManager.newBaseManager()) {
            KeyQueue queue = new KeyQueue(DIM, K, 1, manager);
            queue.enqueue(keys(manager, 0, 3), Arrays.asList("a", "b", "a"));
            assertEquals(new QueueStats(K, 3, 3, 2), queue.stats());
            assertEquals(1.5, queue.stats().keysPerVideo(), 1e-12);
            assertEquals(2 + 1 + 0, queue.sameVideoKeys(Arrays.asList("a", "b", "c")));
            assertEquals(0, queue.sameVideoKeys(null));
            assertEquals(2, queue.sameVideoKeys(Arrays.asList(null, "a")));

            queue.enqueue(keys(manager, 3, 3), Arrays.asList(null, "c", "c")); // slots 3, 4, 0 (overwrites an "a")
            assertNull(queue.videoAt(3));
            assertEquals("c", queue.videoAt(0));
            assertEquals(new QueueStats(K, K, 4, 3), queue.stats()); // a, b, a→c overwritten: a×1, b×1, c×2
            assertEquals(1, queue.sameVideoKeys(List.of("a")));
            // slots now: c, b, a, null, c
            assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0},
                    queue.sameVideoMask(Arrays.asList("a", "c", null), manager).toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> queue.enqueue(keys(manager, 0, 2), List.of("x")));
            assertThrows(IllegalArgumentException.class, () -> queue.enqueue(manager.zeros(new Shape(2, 3)), null));
        }
    }

    @Test
    void stateRoundTripsExactly() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            KeyQueue queue = new KeyQueue(DIM, K, 1, manager);
            queue.enqueue(keys(manager, 10, 4), Arrays.asList("x", null, "y", "x"));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                queue.writeState(out);
            }
            KeyQueue restored = new KeyQueue(DIM, K, 99, manager);
            restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(0f, TestArrays.maxAbsDiff(queue.keys(), restored.keys()));
            assertEquals(queue.pointer(), restored.pointer());
            assertEquals(queue.enqueued(), restored.enqueued());
            assertEquals(queue.stats(), restored.stats());
            for (int slot = 0; slot < K; slot++) {
                assertEquals(queue.videoAt(slot), restored.videoAt(slot));
            }
            KeyQueue smaller = new KeyQueue(DIM, K - 1, 1, manager);
            assertThrows(Exception.class,
                    () -> smaller.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        }
    }
}
