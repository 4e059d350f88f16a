package io.s2vc.transport.ingest;

/** What an ingest did. */
public record IngestResult(int videos, int failedVideos, long windows, long bytes, double seconds,
        double decodeSeconds, double encodeSeconds, double sendSeconds) {

    /**
     * This ingest followed by {@code next}, another pass over the same videos: windows, bytes and times add up,
     * the videos (and the failed ones) are those of the larger pass.
     */
    public IngestResult andThen(IngestResult next) {
        return new IngestResult(Math.max(videos, next.videos), Math.max(failedVideos, next.failedVideos),
                windows + next.windows, bytes + next.bytes, seconds + next.seconds, decodeSeconds + next.decodeSeconds,
                encodeSeconds + next.encodeSeconds, sendSeconds + next.sendSeconds);
    }

    public double windowsPerSecond() {
        return seconds > 0 ? windows / seconds : 0;
    }

    public double megabytesPerSecond() {
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }
}
