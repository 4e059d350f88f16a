package io.s2vc.train;

import io.s2vc.video.Clip;

/**
 * One positive pair as the trainer takes it: the query view and the (motion-preserved) key view of
 * the same clip, uint8 T×H×W×3, and the ids used for bookkeeping.
 *
 * @param clipId identifies the clip window (for messages)
 * @param videoId the source video, or {@code null}: counts false negatives in the queue
 */
public record TrainingPair(String clipId, String videoId, Clip query, Clip key) {
    public TrainingPair {
        if (query.frames() != key.frames() || query.height() != key.height() || query.width() != key.width()) {
            throw new IllegalArgumentException("pair " + clipId + ": query " + shape(query) + " and key "
                    + shape(key) + " differ in shape");
        }
    }

    static String shape(Clip clip) {
        return clip.frames() + "x" + clip.height() + "x" + clip.width();
    }
}
