package io.s2vc.transport.ingest;

/**
 * One video to ingest: a file or a live stream URL, with its label when it comes from a labelled
 * data-set split.
 */
public record IngestSource(String uri, String videoId, Integer label, String labelName, String split, boolean live) {

    public static IngestSource file(String path, String videoId) {
        return new IngestSource(path, videoId, null, null, null, false);
    }

    public static IngestSource stream(String url) {
        return new IngestSource(url, url, null, null, null, true);
    }
}
