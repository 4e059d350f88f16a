package io.s2vc.flow.pretrain;

import io.s2vc.util.AtomicFiles;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A bounded in-memory pool of 8-bit frames that training batches are drawn from. New frames fill it
 * up; once it is full each new frame replaces a slot chosen uniformly at random, so the pool is a
 * moving sample of everything the source has given, and memory stays at capacity × frame size
 * whatever the data set's size. Batches are drawn uniformly with replacement.
 */
public final class FramePool {
    private static final int FILE_MAGIC = 0x53325650; // "S2VP"

    private final int capacity;
    private final int frameBytes;
    private final byte[] frames;
    private int size;

    public FramePool(int capacity, int frameBytes) {
        if (capacity < 1 || frameBytes < 1 || (long) capacity * frameBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a pool of " + capacity + " frames of " + frameBytes
                    + " bytes does not fit in one array (at most 2 GiB)");
        }
        this.capacity = capacity;
        this.frameBytes = frameBytes;
        this.frames = new byte[capacity * frameBytes];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public boolean isFull() {
        return size == capacity;
    }

    /** Adds frames, replacing random slots once the pool is full. */
    public void add(List<byte[]> newFrames, SplittableRandom random) {
        for (byte[] frame : newFrames) {
            if (frame.length != frameBytes) {
                throw new IllegalArgumentException("frame of " + frame.length + " bytes in a pool of " + frameBytes
                        + "-byte frames");
            }
            int slot = size < capacity ? size++ : random.nextInt(capacity);
            System.arraycopy(frame, 0, frames, slot * frameBytes, frameBytes);
        }
    }

    /** {@code count} frames drawn uniformly with replacement (views into the pool: do not modify). */
    public List<FrameRef> sample(int count, SplittableRandom random) {
        if (size == 0) {
            throw new IllegalStateException("the frame pool is empty");
        }
        List<FrameRef> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(new FrameRef(frames, random.nextInt(size) * frameBytes));
        }
        return batch;
    }

    /** Frames {@code [from, from + count)} in slot order (views into the pool: do not modify). */
    public List<FrameRef> frames(int from, int count) {
        if (from < 0 || count < 0 || from + count > size) {
            throw new IndexOutOfBoundsException("frames [" + from + ", " + (from + count) + ") of a pool of " + size);
        }
        List<FrameRef> frames = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            frames.add(new FrameRef(this.frames, i * frameBytes));
        }
        return frames;
    }

    /** Writes size and frames (raw bytes, for a checkpoint). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(FILE_MAGIC);
            data.writeInt(capacity);
            data.writeInt(frameBytes);
            data.writeInt(size);
            data.write(frames, 0, size * frameBytes);
            data.flush();
        });
    }

    /** Replaces the contents with a pool {@link #write} saved; capacity and frame size must match. */
    public void read(Path file) throws IOException {
        try (DataInputStream data = new DataInputStream(AtomicFiles.bufferedInput(file))) {
            if (data.readInt() != FILE_MAGIC) {
                throw new IllegalArgumentException(file + " is not a saved frame pool");
            }
            int savedCapacity = data.readInt();
            int savedFrameBytes = data.readInt();
            if (savedCapacity != capacity || savedFrameBytes != frameBytes) {
                throw new IllegalArgumentException(file + " holds a pool of " + savedCapacity + " frames of "
                        + savedFrameBytes + " bytes, expected " + capacity + " of " + frameBytes);
            }
            int savedSize = data.readInt();
            if (savedSize < 0 || savedSize > capacity) {
                throw new IllegalArgumentException(file + " is corrupt (size " + savedSize + ")");
            }
            data.readFully(frames, 0, savedSize * frameBytes);
            size = savedSize;
        }
    }

    /** Where a frame lies in some byte array. */
    public record FrameRef(byte[] data, int offset) {
        public static FrameRef of(byte[] frame) {
            return new FrameRef(frame, 0);
        }
    }
}
