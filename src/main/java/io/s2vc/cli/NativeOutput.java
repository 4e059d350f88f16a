package io.s2vc.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What native libraries print on the process's standard error (libtorch's "[W… NNPACK.cpp:…] Could not
 * initialize NNPACK!", "AutoNonVariableTypeMode is deprecated", once per thread or call) goes to the log
 * file, each distinct message once; the console keeps what the user asked for. Java's own standard error
 * (progress, the one-line errors) is moved to a copy of the original descriptor first, so it still
 * reaches the terminal; native lines that are not warnings are passed on too (though a native abort can
 * end the process before the reader passes on its last line: the JVM's own crash report is unaffected).
 *
 * <p>How: descriptor 2 becomes the write end of a pipe, read by a daemon thread. Linux only (the
 * product's natives are linux-x86_64); elsewhere, or if any step fails, nothing changes.
 */
final class NativeOutput {
    private static final int STDERR = 2;
    private static boolean routed;

    private NativeOutput() {
    }

    /** The C library calls this needs. */
    interface CLibrary extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int pipe(int[] fds);

        int close(int fd);

        long write(int fd, byte[] bytes, long count);
    }

    /** Routes native standard error to the log; call before any native library loads. Idempotent. */
    static synchronized void routeToLog() {
        if (routed || !Platform.isLinux()) {
            return;
        }
        CLibrary c;
        try {
            c = Native.load("c", CLibrary.class);
        } catch (RuntimeException | LinkageError e) {
            return;
        }
        int terminal = c.dup(STDERR);
        int[] pipe = {-1, -1};
        FileInputStream nativeLines = null;
        try {
            if (terminal < 0 || c.pipe(pipe) != 0) {
                return;
            }
            nativeLines = new FileInputStream("/proc/self/fd/" + pipe[0]);
            System.err.flush();
            if (c.dup2(pipe[1], STDERR) < 0) {
                return;
            }
            PrintStream console = new PrintStream(new DescriptorStream(c, terminal), true, StandardCharsets.UTF_8);
            System.setErr(console);
            FileInputStream lines = nativeLines;
            Thread reader = new Thread(() -> pump(lines, console, c, terminal), "native-stderr");
            reader.setDaemon(true);
            reader.start();
            routed = true;
        } catch (IOException | RuntimeException e) {
            log().debug("native standard error stays on the console", e);
        } finally {
            closeQuietly(c, pipe[0]);
            closeQuietly(c, pipe[1]); // descriptor 2 (or nothing) holds the write end now
            if (!routed) {
                closeQuietly(c, terminal);
                if (nativeLines != null) {
                    try {
                        nativeLines.close();
                    } catch (IOException ignored) {
                        // nothing was routed; nothing to lose
                    }
                }
            }
        }
    }

    private static void closeQuietly(CLibrary c, int fd) {
        if (fd >= 0) {
            c.close(fd);
        }
    }

    /**
     * Reads native lines until the pipe closes: warnings to the log once each, anything else to the console too.
     * Should it ever stop, descriptor 2 goes back to the console, so that a full pipe never blocks native code.
     */
    private static void pump(FileInputStream nativeLines, PrintStream console, CLibrary c, int terminal) {
        Set<String> seen = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(nativeLines, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                try {
                    if (!isWarning(line)) {
                        console.println(line); // first: the process may be about to die
                    }
                    if (seen.add(message(line))) {
                        log().warn("{}", line);
                    }
                } catch (RuntimeException | LinkageError e) {
                    console.println(line);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            c.dup2(terminal, STDERR);
        }
    }

    /** Writes to a raw descriptor (the saved console), as the process's own standard error did. */
    private static final class DescriptorStream extends OutputStream {
        private final CLibrary c;
        private final int fd;

        DescriptorStream(CLibrary c, int fd) {
            this.c = c;
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            byte[] chunk = offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
            long done = 0;
            while (done < length) {
                byte[] rest = done == 0 ? chunk : Arrays.copyOfRange(chunk, (int) done, length);
                long written = c.write(fd, rest, rest.length);
                if (written <= 0) {
                    throw new IOException("cannot write to the console (descriptor " + fd + ")");
                }
                done += written;
            }
        }
    }

    /**
     * A file-only logger (see log4j2.xml), looked up only after System.err was moved: Log4j's console appender
     * keeps the System.err of the moment it starts.
     */
    private static Logger log() {
        return LoggerFactory.getLogger("s2vc.native");
    }

    /** c10's log lines start "[W1206 21:00:00.123456789 file.cpp:62] "; the text after the bracket identifies the message. */
    static String message(String line) {
        int bracket = line.indexOf("] ");
        return line.startsWith("[") && bracket > 0 ? line.substring(bracket + 2) : line;
    }

    /** A warning or an information line of a native library (c10's [W…]/[I…], "Warning:"), not an error. */
    static boolean isWarning(String line) {
        String s = line.stripLeading();
        return s.startsWith("[W") || s.startsWith("[I") || s.regionMatches(true, 0, "warning", 0, 7);
    }
}
