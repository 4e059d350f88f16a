package io.s2vc.video;

import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg prints every stream header and codec choice to stderr by default; keep only errors. */
public final class FfmpegLog {
    private static final AtomicBoolean QUIETED = new AtomicBoolean();

    private FfmpegLog() {
    }

    /** Sets FFmpeg's global log level to errors only, once per JVM. */
    public static void errorsOnly() {
        if (QUIETED.compareAndSet(false, true)) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        }
    }
}
