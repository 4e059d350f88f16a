package io.s2vc.stream.ingest;

/** What an ingest did. */
public record IngestResult(int videos, int failedVideos, long windows, long bytes, double seconds,
        double decodeSeconds, double encodeSeconds, double sendSeconds) {

    public double windowsPerSecond() {
        return seconds > 0 ? windows / seconds : 0;
    }

    public double megabytesPerSecond() {
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }
}
