package io.s2vc.model;

/**
 * How full the MoCo queue is, for metrics.
 *
 * <p>Negatives that come from the query's own video are false negatives (moco issue #146). Once the
 * queue holds more keys than there are distinct videos ({@link #keysPerVideo()} &gt; 1), some videos
 * are in it several times and the risk grows.
 *
 * @param capacity K, the number of slots
 * @param realKeys slots holding enqueued keys; the others still hold the initial random noise
 * @param labelledKeys slots whose key came with a video id
 * @param distinctVideos distinct video ids among the queued keys
 */
public record QueueStats(int capacity, int realKeys, int labelledKeys, int distinctVideos) {

    public int noiseKeys() {
        return capacity - realKeys;
    }

    /** Labelled keys per distinct video: 1 when no video is queued twice, NaN when nothing is labelled. */
    public double keysPerVideo() {
        return distinctVideos == 0 ? Double.NaN : (double) labelledKeys / distinctVideos;
    }
}
