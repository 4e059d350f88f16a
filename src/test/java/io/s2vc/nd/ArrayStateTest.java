package io.s2vc.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ArrayState} writes each array in DJL's own encoding ({@link NDArray#encode()}), byte for byte, so that
 * states written before it wrote the fields itself still restore, and restores values exactly.
 */
class ArrayStateTest {
    @Test
    void writesExactlyDjlsEncodingAndRestoresIt() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(3);
            List<NDArray> arrays = List.of(
                    manager.randomNormal(new Shape(64, 3, 3, 3, 3)), // a conv weight, larger than one chunk
                    manager.randomNormal(new Shape(300, 300)), // 360 KB: several chunks and a partial one
                    manager.arange(0L, 17L), // int64
                    manager.create(new byte[] {1, 2, 3}).toType(DataType.UINT8, false),
                    manager.create(2.5f), // a scalar: shape ()
                    manager.zeros(new Shape(0, 4)), // no values
                    manager.randomNormal(new Shape(5, 7)).transpose(), // not contiguous
                    named(manager.randomNormal(new Shape(4)), "weight"));
            for (NDArray array : arrays) {
                ByteArrayOutputStream written = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(written)) {
                    ArrayState.write(out, "a", array);
                }
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(written.toByteArray()));
                assertEquals("a", in.readUTF());
                byte[] encoded = new byte[in.readInt()];
                in.readFully(encoded);
                assertEquals(0, in.available(), "nothing after the encoding");
                assertArrayEquals(array.encode(), encoded, "DJL's encoding of " + array.getDataType() + array.getShape());

                NDArray target = manager.zeros(array.getShape(), array.getDataType());
                ArrayState.readInto(new DataInputStream(new ByteArrayInputStream(written.toByteArray())), "a", target);
                assertArrayEquals(array.toByteArray(), target.toByteArray(), "restored exactly");
            }
        }
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
