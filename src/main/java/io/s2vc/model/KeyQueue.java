package io.s2vc.model;

import io.s2vc.nd.ArrayState;
import io.s2vc.nd.Autograd;
import io.s2vc.nd.ArrayScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * MoCo's queue of negative keys: a ring buffer of K keys stored as columns of a (dim, K) array,
 * initialised N(0, 1) and L2-normalised per column (official §4.2), with a pointer to the next slot.
 *
 * <p>Batches of any size are enqueued: slots wrap around, and when a batch is larger than K only its
 * last K keys remain (no K % batch assumption). Each slot remembers the video id its key came from, if
 * the caller gave one, so that the queue can report how many distinct videos it holds and how many of
 * its keys share a video with a query (false negatives, moco issue #146).
 */
public final class KeyQueue {
    private static final float NORM_EPS = 1e-12f;

    private final int dimension;
    private final int capacity;
    private final NDArray keys;
    private final String[] slotVideos;
    private final Map<String, Integer> videoCounts = new HashMap<>();
    private int labelledKeys;
    private int pointer;
    private long enqueued;

    /** A queue of {@code capacity} random unit keys of length {@code dimension} drawn from {@code seed}, owned by {@code manager}. */
    public KeyQueue(int dimension, int capacity, long seed, NDManager manager) {
        if (dimension < 1 || capacity < 1) {
            throw new IllegalArgumentException("queue needs positive dimension and capacity, got "
                    + dimension + " x " + capacity);
        }
        this.dimension = dimension;
        this.capacity = capacity;
        this.slotVideos = new String[capacity];
        SplittableRandom random = new SplittableRandom(seed);
        float[] noise = new float[Math.multiplyExact(dimension, capacity)];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray raw = scope.create(noise, new Shape(dimension, capacity));
            keys = raw.div(raw.norm(new int[] {0}, true).maximum(NORM_EPS));
            keys.attach(manager);
        }
    }

    /** The live (dim, K) keys. Read it, don't write it; it changes with every {@link #enqueue}. */
    public NDArray keys() {
        return keys;
    }

    public int dimension() {
        return dimension;
    }

    public int capacity() {
        return capacity;
    }

    /** The slot the next key goes to. */
    public int pointer() {
        return pointer;
    }

    /** Keys enqueued since the start. */
    public long enqueued() {
        return enqueued;
    }

    /** The video id of the key in {@code slot}, {@code null} for initial noise or a key without id. */
    public String videoAt(int slot) {
        return slotVideos[slot];
    }

    public QueueStats stats() {
        return new QueueStats(capacity, (int) Math.min(enqueued, capacity), labelledKeys, videoCounts.size());
    }

    /**
     * The number of (sample, queued key) pairs where the queued key comes from the sample's video: the
     * false negatives a batch with these video ids meets in the queue now. {@code null} ids count nothing.
     */
    public long sameVideoKeys(List<String> videoIds) {
        long count = 0;
        if (videoIds != null) {
            for (String id : videoIds) {
                if (id != null) {
                    count += videoCounts.getOrDefault(id, 0);
                }
            }
        }
        return count;
    }

    /**
     * A (B, K) float mask in {@code manager}: 1 where the key in slot k comes from sample b's video, else 0
     * ({@code null} ids match nothing).
     */
    public NDArray sameVideoMask(List<String> videoIds, NDManager manager) {
        float[] mask = new float[Math.multiplyExact(videoIds.size(), capacity)];
        for (int b = 0; b < videoIds.size(); b++) {
            String id = videoIds.get(b);
            if (id == null || !videoCounts.containsKey(id)) {
                continue;
            }
            for (int slot = 0; slot < capacity; slot++) {
                if (id.equals(slotVideos[slot])) {
                    mask[b * capacity + slot] = 1f;
                }
            }
        }
        return manager.create(mask, new Shape(videoIds.size(), capacity));
    }

    /**
     * Writes the keys (B, dim) into the next B slots, wrapping around, and moves the pointer by B mod K.
     *
     * @param batchKeys the keys, (B, dim)
     * @param videoIds the video id of each key, or {@code null}; entries may be {@code null}
     */
    public void enqueue(NDArray batchKeys, List<String> videoIds) {
        Shape shape = batchKeys.getShape();
        if (shape.dimension() != 2 || shape.get(1) != dimension) {
            throw new IllegalArgumentException("keys must be (B, " + dimension + "), got " + shape);
        }
        int batch = Math.toIntExact(shape.get(0));
        if (videoIds != null && videoIds.size() != batch) {
            throw new IllegalArgumentException(videoIds.size() + " video ids for " + batch + " keys");
        }
        try (Autograd.Scope ignored = Autograd.pause(); NDManager scope = keys.getManager().newSubManager()) {
            NDArray queue = ArrayScope.alias(keys, scope);
            NDArray batchAlias = ArrayScope.alias(batchKeys, scope);
            int offset = 0;
            while (offset < batch) {
                int length = Math.min(capacity - pointer, batch - offset);
                NDArray columns = batchAlias.get(new NDIndex("{}:{}", offset, offset + length)).transpose();
                queue.set(new NDIndex(":, {}:{}", pointer, pointer + length), columns);
                for (int i = 0; i < length; i++) {
                    label(pointer + i, videoIds == null ? null : videoIds.get(offset + i));
                }
                pointer = (pointer + length) % capacity;
                offset += length;
            }
        }
        enqueued += batch;
    }

    private void label(int slot, String videoId) {
        String previous = slotVideos[slot];
        if (previous != null) {
            labelledKeys--;
            videoCounts.computeIfPresent(previous, (id, n) -> n == 1 ? null : n - 1);
        }
        slotVideos[slot] = videoId;
        if (videoId != null) {
            labelledKeys++;
            videoCounts.merge(videoId, 1, Integer::sum);
        }
    }

    public void writeState(DataOutputStream out) throws IOException {
        ArrayState.write(out, "queue", keys);
        out.writeInt(pointer);
        out.writeLong(enqueued);
        out.writeInt(capacity);
        for (String video : slotVideos) {
            out.writeBoolean(video != null);
            if (video != null) {
                out.writeUTF(video);
            }
        }
    }

    /** Restores what {@link #writeState} wrote, from a queue of the same dimension and capacity. */
    public void readState(DataInputStream in) throws IOException {
        ArrayState.readInto(in, "queue", keys);
        int storedPointer = in.readInt();
        long storedEnqueued = in.readLong();
        int storedCapacity = in.readInt();
        if (storedCapacity != capacity || storedPointer < 0 || storedPointer >= capacity || storedEnqueued < 0) {
            throw new IOException("queue state does not fit a queue of " + capacity + " keys");
        }
        pointer = storedPointer;
        enqueued = storedEnqueued;
        labelledKeys = 0;
        videoCounts.clear();
        for (int slot = 0; slot < capacity; slot++) {
            slotVideos[slot] = null;
            label(slot, in.readBoolean() ? in.readUTF() : null);
        }
    }
}
