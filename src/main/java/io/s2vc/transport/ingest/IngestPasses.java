package io.s2vc.transport.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.s2vc.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The passes over a finite data set that a run publishes, and a marker of what earlier runs already
 * published, so that a rerun neither publishes the data set again nor starts its passes over.
 *
 * <p>The first pass publishes the whole data set. A training budget of {@code wanted} windows that one
 * pass does not cover adds passes 1, 2, … (new views of the same windows, see {@code ClipWindow.pass}),
 * the last one cut short once {@code wanted} windows are published in all. After each complete pass
 * the marker ({@value #MARKER_FILE}) records the passes and windows published for the data set's
 * {@link Identity}; a pass that is interrupted is not recorded and is published again by the next run,
 * so its windows that had already reached the topic are published twice.
 */
public final class IngestPasses {
    public static final String MARKER_FILE = "ingest-done.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Publishes one pass: at most {@code maxWindows} windows of pass {@code pass}. */
    @FunctionalInterface
    public interface PassPublisher {
        IngestResult publish(int pass, long maxWindows) throws Exception;
    }

    /**
     * What was ingested: the sources and every setting that shapes the windows, and the topic they went to.
     * A marker of another identity does not count.
     */
    public record Identity(List<String> sources, String windowing, String topic) {
    }

    /** What earlier runs published of a data set: complete passes and windows in all. */
    public record Marker(Identity identity, int passes, long windows) {
    }

    /**
     * What {@link #publish} did: passes {@code firstPass} to {@code firstPass + passes - 1}, after
     * {@code windowsBefore} windows of earlier runs; {@code published} sums them (null when none was needed).
     */
    public record Outcome(int firstPass, int passes, long windowsBefore, IngestResult published) {
        /** True when nothing needed publishing. */
        public boolean skipped() {
            return passes == 0;
        }

        public long windowsInAll() {
            return windowsBefore + (published == null ? 0 : published.windows());
        }
    }

    private final Path marker;
    private final Identity identity;

    /** @param workDir where the marker lives */
    public IngestPasses(Path workDir, Identity identity) {
        this.marker = workDir.resolve(MARKER_FILE);
        this.identity = identity;
    }

    /**
     * What earlier runs published of this data set, if the marker is of this identity and the topic still
     * holds at least that many windows (else the topic was emptied, e.g. a deleted broker folder, and the
     * marker is stale).
     */
    public Optional<Marker> done(long windowsInTopic) throws IOException {
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        Marker read;
        try {
            read = JSON.readValue(marker.toFile(), Marker.class);
        } catch (IOException e) {
            return Optional.empty(); // an unreadable marker proves nothing: publish again
        }
        return identity.equals(read.identity()) && read.windows() <= windowsInTopic ? Optional.of(read) : Optional.empty();
    }

    /**
     * Publishes what is missing for {@code wanted} windows in all (0 = one pass, whatever it holds), starting
     * after what {@code done} says was published, and records every complete pass in the marker.
     */
    public Outcome publish(Optional<Marker> done, long wanted, PassPublisher publisher) throws Exception {
        int first = done.map(Marker::passes).orElse(0);
        long before = done.map(Marker::windows).orElse(0L);
        int pass = first;
        IngestResult published = null;
        while (needsMore(pass, before + windows(published), wanted)) {
            // The first pass is always whole; later ones stop at the budget.
            long limit = pass == 0 ? Long.MAX_VALUE : wanted - before - windows(published);
            IngestResult result = publisher.publish(pass, limit);
            published = published == null ? result : published.andThen(result);
            pass++;
            write(new Marker(identity, pass, before + windows(published)));
            if (result.windows() == 0) {
                break; // nothing decodable: more passes would publish nothing either
            }
        }
        return new Outcome(first, pass - first, before, published);
    }

    /** True when {@code done} already covers {@code wanted} windows (0 = one pass): nothing is left to publish. */
    public static boolean covers(Optional<Marker> done, long wanted) {
        return done.isPresent() && !needsMore(done.get().passes(), done.get().windows(), wanted);
    }

    private static boolean needsMore(int passesDone, long windowsDone, long wanted) {
        return passesDone == 0 || windowsDone < wanted;
    }

    private static long windows(IngestResult result) {
        return result == null ? 0 : result.windows();
    }

    private void write(Marker written) throws IOException {
        AtomicFiles.write(marker, out -> out.write(JSON.writeValueAsBytes(written)));
    }
}
