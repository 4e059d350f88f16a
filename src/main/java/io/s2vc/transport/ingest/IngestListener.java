package io.s2vc.transport.ingest;

/** Progress of an ingest, for progress bars and tests. Called from decoder threads. */
public interface IngestListener {
    IngestListener NONE = new IngestListener() {
    };

    default void windowPublished(IngestSource source, int clipIndex, int bytes) {
    }

    default void videoDone(IngestSource source, int windows) {
    }

    default void videoFailed(IngestSource source, String reason) {
    }
}
