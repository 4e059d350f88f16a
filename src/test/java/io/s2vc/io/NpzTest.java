package io.s2vc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy / .npz against archives written by NumPy 2.4 (np.savez and np.savez_compressed). */
class NpzTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NpzTest.class.getResource("/flow/" + name).toURI());
    }

    @Test
    void readsStoredAndDeflatedNumpyArchives() throws Exception {
        for (String name : new String[] {"numpy-stored.npz", "numpy-deflated.npz"}) {
            Map<String, NpyArray> arrays = Npz.read(resource(name));
            assertEquals(java.util.List.of("a", "b", "c"), java.util.List.copyOf(arrays.keySet()), name);
            assertArrayEquals(new long[] {2, 3}, arrays.get("a").shape());
            assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}, arrays.get("a").values());
            assertArrayEquals(new long[0], arrays.get("b").shape(), "scalar");
            assertArrayEquals(new float[] {-1.25f}, arrays.get("b").values());
            assertArrayEquals(new long[] {3}, arrays.get("c").shape());
            assertArrayEquals(new float[] {0.5f, 1e-3f, 3e4f}, arrays.get("c").values());
        }
    }

    /** NumPy stores transposed and asfortranarray arrays column-major; they must read as NumPy shows them. */
    @Test
    void readsFortranOrderArraysAsNumpyDoes() throws Exception {
        Map<String, NpyArray> arrays = Npz.read(resource("numpy-fortran.npz"));
        float[] expected = new float[24];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i / 4f;
        }
        assertArrayEquals(expected, arrays.get("c").values(), "C order");
        assertArrayEquals(new long[] {2, 3, 4}, arrays.get("f").shape());
        assertArrayEquals(expected, arrays.get("f").values(), "Fortran order, same logical array");
        float[] transposed = new float[24]; // t[j][i] = c.reshape(6, 4)[i][j]
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 6; i++) {
                transposed[j * 6 + i] = expected[i * 4 + j];
            }
        }
        assertArrayEquals(new long[] {4, 6}, arrays.get("t").shape());
        assertArrayEquals(transposed, arrays.get("t").values(), "a transposed view");
        // M = (arange(9).reshape(3, 3) - 4).T as a FrEIA fixed 1x1 convolution's weight
        assertArrayEquals(new long[] {3, 3, 1, 1}, arrays.get("M").shape());
        assertArrayEquals(new float[] {-4, -1, 2, -3, 0, 3, -2, 1, 4}, arrays.get("M").values());
    }

    @Test
    void refusesOtherDtypesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npz.read(resource("numpy-float64.npz")));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("<f8"), e.getMessage());
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("module_list.10.M", new NpyArray(new long[] {2, 2, 1, 1}, new float[] {1, -2, 3.5f, Float.MIN_VALUE}));
        arrays.put("module_list.10.logDetM", new NpyArray(new long[0], new float[] {0.125f}));
        arrays.put("v", new NpyArray(new long[] {1}, new float[] {7}));
        Path file = dir.resolve("w.npz");
        Npz.write(file, arrays);
        Map<String, NpyArray> back = Npz.read(file);
        assertEquals(arrays.keySet(), back.keySet());
        for (String key : arrays.keySet()) {
            assertArrayEquals(arrays.get(key).shape(), back.get(key).shape(), key);
            assertArrayEquals(arrays.get(key).values(), back.get(key).values(), key);
        }
    }

    @Test
    void headerIsAlignedAndInNumpyNotation() throws IOException {
        byte[] bytes = Npy.toBytes(new NpyArray(new long[] {3}, new float[] {1, 2, 3}));
        int headerLength = (bytes[8] & 0xff) | ((bytes[9] & 0xff) << 8);
        assertEquals(0, (10 + headerLength) % 64);
        String header = new String(bytes, 10, headerLength, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
        assertTrue(header.endsWith("\n"));
        NpyArray back = Npy.read(new ByteArrayInputStream(bytes));
        assertArrayEquals(new float[] {1, 2, 3}, back.values());
    }

    @Test
    void refusesTruncatedArraysAndNonZipFiles() throws IOException {
        byte[] bytes = Npy.toBytes(new NpyArray(new long[] {4}, new float[] {1, 2, 3, 4}));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> Npy.read(new ByteArrayInputStream(cut)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

        Path text = Files.writeString(dir.resolve("weights.npz"), "this is not a zip");
        IllegalArgumentException notZip = assertThrows(IllegalArgumentException.class, () -> Npz.read(text));
        assertTrue(notZip.getMessage().contains("not an .npz (zip) archive"), notZip.getMessage());
    }
}
