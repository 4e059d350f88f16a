package io.s2vc.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Exact binary state of arrays and of a block's parameters (BN running statistics included), for
 * training snapshots. Arrays travel in DJL's own encoding (raw values, shape, data type). Restoring
 * copies the values into the live arrays in place, so that the arrays keep their identity, manager
 * and gradient flag (DJL's {@code loadParameters} replaces them instead).
 */
public final class ArrayState {
    /** DJL's {@code NDSerializer} (DJL 0.36): the magic and format version its decoder expects. */
    private static final String DJL_MAGIC = "NDAR";
    private static final int DJL_VERSION = 3;
    private static final int CHUNK_BYTES = 64 * 1024;

    private ArrayState() {
    }

    /**
     * Writes {@code array} under {@code name}: the length, then exactly the bytes of {@link NDArray#encode()}
     * ({@code ArrayStateTest} holds them equal). They are written field by field, the values read straight from
     * native memory in small chunks, because {@code encode()} passes them through three arrays of their full
     * size: for R3D-18's trainer state (0.5 GB) that was half of the time of every snapshot (0.9 s, now 0.45 s).
     */
    public static void write(DataOutputStream out, String name, NDArray array) throws IOException {
        if (array.getDataType() == DataType.STRING) {
            throw new IllegalArgumentException("array '" + name + "' holds strings, not numbers");
        }
        out.writeUTF(name);
        ByteBuffer values = array.toByteBuffer(true);
        ByteArrayOutputStream header = new ByteArrayOutputStream(64);
        DataOutputStream fields = new DataOutputStream(header);
        fields.writeUTF(DJL_MAGIC);
        fields.writeInt(DJL_VERSION);
        if (array.getName() == null) {
            fields.write(0);
        } else {
            fields.write(1);
            fields.writeUTF(array.getName());
        }
        fields.writeUTF(array.getSparseFormat().name());
        fields.writeUTF(array.getDataType().name());
        fields.write(array.getShape().getEncoded());
        fields.write(values.order() == ByteOrder.BIG_ENDIAN ? '>' : '<');
        fields.writeInt(values.remaining());
        out.writeInt(Math.addExact(header.size(), values.remaining()));
        header.writeTo(out);
        byte[] chunk = new byte[Math.min(CHUNK_BYTES, values.remaining())];
        while (values.hasRemaining()) {
            int n = Math.min(chunk.length, values.remaining());
            values.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    /** Reads an array written by {@link #write} under {@code name} into {@code target}, which must match its shape and type. */
    public static void readInto(DataInputStream in, String name, NDArray target) throws IOException {
        String stored = in.readUTF();
        if (!stored.equals(name)) {
            throw new IOException("state holds array '" + stored + "' where '" + name + "' was expected");
        }
        byte[] encoded = new byte[in.readInt()];
        in.readFully(encoded);
        try (Autograd.Scope ignored = Autograd.pause(); NDManager scope = target.getManager().newSubManager()) {
            NDArray value = scope.decode(encoded);
            if (!value.getShape().equals(target.getShape()) || value.getDataType() != target.getDataType()) {
                throw new IOException("array '" + name + "' is " + value.getDataType() + value.getShape()
                        + " in the state but " + target.getDataType() + target.getShape() + " here");
            }
            ArrayScope.alias(target, scope).set(new NDIndex("..."), value);
        }
    }

    /** Every parameter of an initialised block under its DJL path, in DJL's order. */
    public static void writeParameters(DataOutputStream out, Block block) throws IOException {
        PairList<String, Parameter> parameters = block.getParameters();
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            write(out, parameters.keyAt(i), parameters.valueAt(i).getArray());
        }
    }

    /** Restores what {@link #writeParameters} wrote into a block of the same architecture. */
    public static void readParametersInto(DataInputStream in, Block block) throws IOException {
        PairList<String, Parameter> parameters = block.getParameters();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("state holds " + count + " parameters, the block has " + parameters.size());
        }
        for (int i = 0; i < count; i++) {
            readInto(in, parameters.keyAt(i), parameters.valueAt(i).getArray());
        }
    }
}
