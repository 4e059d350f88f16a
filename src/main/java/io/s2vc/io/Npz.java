package io.s2vc.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives: a zip of {@code <key>.npy} entries, stored or deflated
 * ({@code np.savez} / {@code np.savez_compressed}). Written uncompressed, as {@code np.savez} does:
 * float weights hardly compress.
 */
public final class Npz {
    private static final String SUFFIX = ".npy";

    private Npz() {
    }

    /** One archive entry: its key (name without {@code .npy}) and a stream positioned at its start. */
    public interface EntryVisitor {
        void visit(String key, InputStream data) throws IOException;
    }

    /**
     * Calls {@code visitor} for every entry, in archive order. A file that is not a zip archive is an
     * {@link IllegalArgumentException}.
     */
    public static void forEachEntry(Path path, EntryVisitor visitor) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new IllegalArgumentException("not an .npz (zip) archive: " + path + " (" + e.getMessage() + ")", e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String key = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
                try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
                    visitor.visit(key, in);
                }
            }
        }
    }

    /** Reads every array of an archive. */
    public static Map<String, NpyArray> read(Path path) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        forEachEntry(path, (key, in) -> {
            try {
                arrays.put(key, Npy.read(in));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ", entry '" + key + "': " + e.getMessage(), e);
            }
        });
        return arrays;
    }

    /** Writes the arrays as {@code <key>.npy} entries, in iteration order. */
    public static void write(Path path, Map<String, NpyArray> arrays) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, NpyArray> array : arrays.entrySet()) {
                byte[] bytes = Npy.toBytes(array.getValue());
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry entry = new ZipEntry(array.getKey() + SUFFIX);
                entry.setMethod(ZipEntry.STORED); // stored entries need size and CRC up front
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
    }
}
