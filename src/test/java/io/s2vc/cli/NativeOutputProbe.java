package io.s2vc.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;

/**
 * A child process for {@link NativeOutputTest}: routes native standard error to the log, then writes to
 * descriptor 2 from C as libtorch does (a warning twice, an error line) and prints a Java line.
 */
public final class NativeOutputProbe {
    interface Write extends Library {
        long write(int fd, byte[] bytes, long count);
    }

    private NativeOutputProbe() {
    }

    public static void main(String[] args) throws Exception {
        NativeOutput.routeToLog();
        Write c = Native.load("c", Write.class);
        for (String line : new String[] {
            "[W1206 21:00:00.000000001 NNPACK.cpp:62] Could not initialize NNPACK! Reason: Unsupported hardware.\n",
            "[W1206 21:00:00.000000002 NNPACK.cpp:62] Could not initialize NNPACK! Reason: Unsupported hardware.\n",
            "terminate called after throwing an instance of 'c10::Error'\n"}) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            c.write(2, bytes, bytes.length);
        }
        System.err.println("java progress line");
        Thread.sleep(3000); // the reader thread starts Log4j and logs before the JVM exits
        org.apache.logging.log4j.LogManager.shutdown();
    }
}
