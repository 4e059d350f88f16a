package io.s2vc.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Exact binary state of arrays and of a block's parameters (BN running statistics included), for
 * training snapshots. Arrays travel in DJL's own encoding (raw values, shape, data type). Restoring
 * copies the values into the live arrays in place, so that the arrays keep their identity, manager
 * and gradient flag (DJL's {@code loadParameters} replaces them instead).
 */
public final class ArrayState {
    private ArrayState() {
    }

    public static void write(DataOutputStream out, String name, NDArray array) throws IOException {
        out.writeUTF(name);
        byte[] encoded = array.encode();
        out.writeInt(encoded.length);
        out.write(encoded);
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
