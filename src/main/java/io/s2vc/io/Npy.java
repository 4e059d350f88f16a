package io.s2vc.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy {@code .npy} format (versions 1.0, 2.0 and 3.0), restricted to little-endian float32:
 * the magic {@code \x93NUMPY}, a version, the header length, a Python-dict header
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (…), }} padded with spaces to a multiple of
 * 64 bytes and ended by a newline, then the raw values. Arrays are read in either order, as NumPy
 * reads them, and returned in C order; they are always written in C order.
 *
 * <p>Fortran order matters for imported weights: {@code tensor.numpy()} of a transposed PyTorch
 * tensor (FrEIA's fixed 1×1 matrices, say) is column-major, and {@code np.savez} keeps it so.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Header of a {@code .npy} stream, or {@link IllegalArgumentException} saying what is wrong. */
    public record Header(String descr, boolean fortranOrder, long[] shape) {
        public long size() {
            long size = 1;
            for (long dim : shape) {
                size *= dim;
            }
            return size;
        }

        public boolean isLittleEndianFloat32() {
            return "<f4".equals(descr);
        }
    }

    /** Reads the header and leaves the stream at the first value. */
    public static Header readHeader(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        readFully(data, magic, "magic");
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new IllegalArgumentException("not a .npy array (bad magic)");
            }
        }
        int major = data.readUnsignedByte();
        data.readUnsignedByte(); // minor
        long headerLength;
        if (major == 1) {
            headerLength = data.readUnsignedByte() | (data.readUnsignedByte() << 8);
        } else if (major == 2 || major == 3) {
            byte[] length = new byte[4];
            readFully(data, length, "header length");
            headerLength = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        } else {
            throw new IllegalArgumentException("unsupported .npy version " + major);
        }
        if (headerLength > 1 << 20) {
            throw new IllegalArgumentException(".npy header too long: " + headerLength + " bytes");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        readFully(data, headerBytes, "header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseHeader(header);
    }

    static Header parseHeader(String header) {
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IllegalArgumentException("malformed .npy header: " + header.strip());
        }
        List<Long> dims = new ArrayList<>();
        for (String item : shape.group(1).split(",")) {
            String dim = item.strip();
            if (dim.endsWith("L")) { // Python 2 longs
                dim = dim.substring(0, dim.length() - 1);
            }
            if (!dim.isEmpty()) {
                try {
                    dims.add(Long.parseLong(dim));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("malformed .npy shape: (" + shape.group(1) + ")", e);
                }
            }
        }
        return new Header(descr.group(1), "True".equals(fortran.group(1)),
                dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** Reads a whole little-endian float32, C-order array. */
    public static NpyArray read(InputStream in) throws IOException {
        Header header = readHeader(in);
        requireFloat32(header);
        return new NpyArray(header.shape(), readValues(in, header));
    }

    /**
     * Reads the values that follow {@code header}, which must be little-endian float32, and returns them
     * in C (row-major) order whatever the order they were stored in.
     */
    public static float[] readValues(InputStream in, Header header) throws IOException {
        requireFloat32(header);
        long size = header.size();
        if (size * Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array too large: " + shapeText(header.shape()));
        }
        byte[] bytes = new byte[(int) size * Float.BYTES];
        readFully(new DataInputStream(in), bytes, "values");
        float[] values = new float[(int) size];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return header.fortranOrder() ? columnMajorToRowMajor(values, header.shape()) : values;
    }

    /** The same array laid out row-major: element (i0, …, ik) moves from its column-major offset to its row-major one. */
    static float[] columnMajorToRowMajor(float[] columnMajor, long[] shape) {
        if (shape.length < 2) {
            return columnMajor;
        }
        float[] rowMajor = new float[columnMajor.length];
        int[] index = new int[shape.length];
        long[] columnStrides = new long[shape.length];
        long stride = 1;
        for (int d = 0; d < shape.length; d++) {
            columnStrides[d] = stride;
            stride *= shape[d];
        }
        long source = 0;
        for (int target = 0; target < rowMajor.length; target++) {
            rowMajor[target] = columnMajor[(int) source];
            // Advance the row-major index (last axis fastest) and keep the column-major offset in step.
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    source += columnStrides[d];
                    break;
                }
                source -= columnStrides[d] * (shape[d] - 1);
                index[d] = 0;
            }
        }
        return rowMajor;
    }

    private static void requireFloat32(Header header) {
        if (!header.isLittleEndianFloat32()) {
            throw new IllegalArgumentException(
                    "dtype '" + header.descr() + "' is not supported, only little-endian float32 ('<f4')");
        }
    }

    /** The complete {@code .npy} bytes (version 1.0) of {@code array}. */
    public static byte[] toBytes(NpyArray array) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + array.shapeText() + ", }";
        int preamble = MAGIC.length + 2 + 2;
        int unpadded = preamble + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(preamble + header.length() + array.values().length * 4);
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer values = ByteBuffer.allocate(array.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        values.asFloatBuffer().put(array.values());
        out.writeBytes(values.array());
        return out.toByteArray();
    }

    /** A shape as NumPy prints it: {@code (3, 16, 112, 112)}, {@code (5,)}. */
    public static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(')').toString();
    }

    private static void readFully(DataInputStream in, byte[] target, String what) throws IOException {
        try {
            in.readFully(target);
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated .npy data (" + what + ")", e);
        }
    }
}
