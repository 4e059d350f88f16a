package io.s2vc.train;

import ai.djl.nn.Parameter;
import io.s2vc.model.MomentumContrast;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The whole state of a {@link TrainingStep} as bytes, for Flink operator state: the global step; the
 * query and key encoders (parameters and BN running statistics); the queue with its pointer, fill count
 * and per-slot video ids; Adam's step count and moments. Restoring it into a training step of the same
 * backbone, embedding size and queue size and continuing gives bit-identical results on CPU.
 *
 * <p>No random generator state is needed: a training step draws no random numbers (the views come
 * augmented from upstream with their own seeds); the seeded initial weights and queue noise are
 * overwritten by a restore.
 *
 * <p>Layout: magic, format version, header (backbone, embedding size, queue size, global step), the
 * MoCo state, the optimiser state, then a CRC-32 of everything before it; {@link #fromBytes} refuses
 * bytes whose checksum or header does not match.
 */
public final class TrainerState {
    private static final String MAGIC = "S2VC-TRAINER-STATE";
    private static final int FORMAT_VERSION = 1;
    private static final int CHECKSUM_BYTES = Long.BYTES;

    /** The state in its first {@link #length} bytes (a captured state's buffer may be longer). */
    private final byte[] bytes;
    private final int length;
    private final String backbone;
    private final int embeddingSize;
    private final int queueSize;
    private final long globalStep;
    /** Where the MoCo state starts, after the header. */
    private final int bodyOffset;

    /** @param verify whether to check the checksum (not for a state just captured, which computed it) */
    private TrainerState(byte[] bytes, int length, boolean verify) {
        if (length < CHECKSUM_BYTES) {
            throw corrupt("only " + length + " bytes");
        }
        int payload = length - CHECKSUM_BYTES;
        if (verify) {
            long stored = ByteBuffer.wrap(bytes, payload, CHECKSUM_BYTES).getLong();
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, payload);
            if (crc.getValue() != stored) {
                throw corrupt("checksum mismatch");
            }
        }
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes, 0, payload);
        try {
            DataInputStream in = new DataInputStream(stream);
            if (!MAGIC.equals(in.readUTF())) {
                throw corrupt("not a trainer state");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw corrupt("format version " + version + ", this build reads " + FORMAT_VERSION);
            }
            backbone = in.readUTF();
            embeddingSize = in.readInt();
            queueSize = in.readInt();
            globalStep = in.readLong();
        } catch (IOException e) {
            throw corrupt("truncated header");
        }
        this.bytes = bytes;
        this.length = length;
        this.bodyOffset = payload - stream.available();
    }

    /** A state from bytes written by {@link #toBytes()}; the array is kept, not copied. */
    public static TrainerState fromBytes(byte[] bytes) {
        return new TrainerState(bytes, bytes.length, true);
    }

    /** The serialised state: the internal array where it has the exact size (do not modify it), else a copy. */
    public byte[] toBytes() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** The serialised state's size in bytes. */
    public int size() {
        return length;
    }

    /** Copies the serialised state into {@code target} from {@code offset}, without an array in between. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, length);
    }

    public String backbone() {
        return backbone;
    }

    public int embeddingSize() {
        return embeddingSize;
    }

    public int queueSize() {
        return queueSize;
    }

    public long globalStep() {
        return globalStep;
    }

    static TrainerState capture(TrainingStep step) {
        MomentumContrast contrast = step.contrast();
        ExposedBuffer buffer = new ExposedBuffer(Math.toIntExact(Math.min(Integer.MAX_VALUE - 8,
                estimatedBytes(step))));
        CRC32 crc = new CRC32();
        try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffer, crc))) {
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(contrast.backbone().id());
            out.writeInt(contrast.embeddingSize());
            out.writeInt(contrast.queue().capacity());
            out.writeLong(step.globalStep());
            contrast.writeState(out);
            step.optimizer().writeState(out);
            out.flush();
            buffer.write(ByteBuffer.allocate(CHECKSUM_BYTES).putLong(crc.getValue()).array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the trainer state", e);
        }
        return new TrainerState(buffer.array(), buffer.size(), false);
    }

    /** A buffer whose array is handed over as it is: the state is copied once more only where it is enclosed. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer(int capacity) {
            super(capacity);
        }

        byte[] array() {
            return buf;
        }
    }

    /** About the size of a state: 4 bytes per value of both encoders, both moments and the queue, plus ids and headers. */
    private static long estimatedBytes(TrainingStep step) {
        MomentumContrast contrast = step.contrast();
        long values = 0;
        for (Parameter parameter : contrast.queryEncoder().getParameters().values()) {
            values += 2 * parameter.getArray().size(); // query and key encoder
        }
        for (Parameter parameter : contrast.trainableParameters().values()) {
            values += 2 * parameter.getArray().size(); // Adam's two moments
        }
        values += contrast.queue().keys().size();
        return 4 * values + 64L * contrast.queue().capacity() + 65_536; // + video ids and headers
    }

    void restoreInto(TrainingStep step) {
        MomentumContrast contrast = step.contrast();
        if (!backbone.equals(contrast.backbone().id()) || embeddingSize != contrast.embeddingSize()
                || queueSize != contrast.queue().capacity()) {
            throw new IllegalArgumentException("trainer state of a " + describe(backbone, embeddingSize, queueSize)
                    + " cannot be restored into a " + describe(contrast.backbone().id(), contrast.embeddingSize(),
                    contrast.queue().capacity()));
        }
        int payload = length - CHECKSUM_BYTES;
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes, bodyOffset, payload - bodyOffset);
        try (DataInputStream in = new DataInputStream(stream)) {
            contrast.readState(in);
            step.optimizer().readState(in);
            if (stream.available() != 0) {
                throw new IOException(stream.available() + " unread bytes at the end");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("trainer state does not fit this training step: " + e.getMessage(), e);
        }
        step.setGlobalStep(globalStep);
    }

    private static String describe(String backbone, int embeddingSize, int queueSize) {
        return backbone + " MoCo with " + embeddingSize + "-d embeddings and a queue of " + queueSize;
    }

    private static IllegalArgumentException corrupt(String why) {
        return new IllegalArgumentException("trainer state is corrupt: " + why);
    }
}
