package io.s2vc.util;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files that are either the old version or the complete new one, never half written: the content goes
 * to a temporary name in the same folder, is forced to disk, and is then renamed over the target
 * (an atomic rename on every local file system). A crash leaves at most a stray temporary file.
 */
public final class AtomicFiles {
    private static final String TEMPORARY_SUFFIX = ".partial";

    private AtomicFiles() {
    }

    /** Writes something to a path (e.g. a library that only writes to paths). */
    @FunctionalInterface
    public interface PathWriter {
        void writeTo(Path path) throws IOException;
    }

    /** Writes something to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} by what {@code writer} writes to a temporary path. */
    public static void replace(Path target, PathWriter writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = parent.resolve(target.getFileName() + TEMPORARY_SUFFIX);
        try {
            writer.writeTo(temporary);
            force(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Replaces {@code target} by what {@code writer} writes to a (buffered) stream. */
    public static void write(Path target, StreamWriter writer) throws IOException {
        replace(target, temporary -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                writer.writeTo(out);
            }
        });
    }

    /** Replaces {@code target} by {@code text} in UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        replace(target, temporary -> Files.writeString(temporary, text));
    }

    /** Renames a finished folder into place (the target must not exist). */
    public static void moveFolder(Path finished, Path target) throws IOException {
        Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
    }

    public static InputStream bufferedInput(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** Forces a file's content to disk (before it is renamed into a visible place). */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
