package io.s2vc.cli;

import java.nio.file.Path;

/**
 * Where the native libraries are unpacked, set before DJL or JavaCPP load: {@code S2VC_CACHE_DIR}
 * (or the system properties themselves) wins, else {@code ~/.cache/s2vc}. DJL runs offline: its
 * PyTorch natives come from the jar, never from the network.
 */
final class NativeSetup {
    private NativeSetup() {
    }

    static void apply(Path workDir) {
        String base = System.getenv("S2VC_CACHE_DIR");
        if (base == null || base.isBlank()) {
            base = Path.of(System.getProperty("user.home"), ".cache", "s2vc").toString();
        }
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("DJL_CACHE_DIR", Path.of(base, "djl").toString());
        setIfAbsent("org.bytedeco.javacpp.cachedir", Path.of(base, "javacpp").toString());
        setIfAbsent("s2vc.log.dir", workDir.resolve("logs").toAbsolutePath().toString());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
