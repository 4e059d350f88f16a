package io.s2vc.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What native libraries print on the process's standard error (libtorch's "[W… NNPACK.cpp:…] Could not
 * initialize NNPACK!", "AutoNonVariableTypeMode is deprecated", once per thread or call) goes to the log
 * file, each distinct message once; the console keeps what the user asked for. Java's own standard error
 * (progress, the one-line errors) is moved to a copy of the original descriptor first, so it still
 * reaches the terminal; native lines that are not warnings (a crash's last words) are passed on too.
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
    }

    /** Routes native standard error to the log; call before any native library loads. Idempotent. */
    static synchronized void routeToLog() {
        if (routed || !Platform.isLinux()) {
            return;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            int terminal = c.dup(STDERR);
            int[] pipe = new int[2];
            if (terminal < 0 || c.pipe(pipe) != 0) {
                return;
            }
            PrintStream console = new PrintStream(new FileOutputStream("/proc/self/fd/" + terminal, true), true,
                    StandardCharsets.UTF_8);
            FileInputStream nativeLines = new FileInputStream("/proc/self/fd/" + pipe[0]);
            System.err.flush();
            if (c.dup2(pipe[1], STDERR) < 0) {
                return;
            }
            c.close(pipe[1]);
            c.close(pipe[0]); // the stream above holds its own descriptor
            System.setErr(console);
            Thread reader = new Thread(() -> pump(nativeLines, console), "native-stderr");
            reader.setDaemon(true);
            reader.start();
            routed = true;
        } catch (IOException | RuntimeException | LinkageError e) {
            log().debug("native standard error stays on the console", e);
        }
    }

    private static void pump(FileInputStream nativeLines, PrintStream console) {
        Set<String> seen = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(nativeLines, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!isWarning(line)) {
                    console.println(line); // first: the process may be about to die
                }
                if (seen.add(message(line))) {
                    log().warn("{}", line);
                }
            }
        } catch (IOException e) {
            log().debug("native standard error reader stopped", e);
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
