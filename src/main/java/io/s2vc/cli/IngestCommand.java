package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.transport.ingest.ClipIngest;
import io.s2vc.transport.ingest.IngestListener;
import io.s2vc.transport.ingest.IngestResult;
import io.s2vc.transport.ingest.IngestSource;
import io.s2vc.transport.ingest.SourceResolver;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.video.ClipWindower;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Decode videos into clip windows on s2vc.clips. SOURCE is a video file, a folder of videos, "
                + "a UCF101 or HMDB51 root with its split files, or a live stream URL (rtsp://, http://).")
final class IngestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "SOURCE")
    List<String> sources;

    @Option(names = "--split", paramLabel = "N", description = "Official split 1, 2 or 3 (default: ingest.split).")
    Integer split;

    @Option(names = "--subset", paramLabel = "train|test|all", description = "Half of the split (default: ingest.subset).")
    String subset;

    @Option(names = "--max-windows-per-video", paramLabel = "N", defaultValue = "0",
            description = "Cut at most N windows from each video (0: all).")
    long maxWindowsPerVideo;

    @Override
    public Integer call() throws Exception {
        Config config = common.config();
        List<IngestSource> resolved = new SourceResolver(split != null ? split : config.get(Catalogue.INGEST_SPLIT),
                subset != null ? subset : config.get(Catalogue.INGEST_SUBSET)).resolve(sources);
        boolean live = resolved.stream().anyMatch(IngestSource::live);
        try (Platform platform = new Platform(config, common.work());
                ProgressBar bar = new ProgressBar("ingest", live ? 0 : resolved.size(), "videos")) {
            IngestResult result = ingest(platform, resolved, maxWindowsPerVideo, bar);
            System.out.println(summary(result));
            return result.failedVideos() > 0 && result.failedVideos() == result.videos() ? 1 : 0;
        }
    }

    /** Ingests, stepping {@code bar} once per video; shared by {@code ingest} and {@code run}. */
    static IngestResult ingest(Platform platform, List<IngestSource> sources, long maxWindowsPerVideo,
            ProgressBar bar) throws Exception {
        return ingest(platform, sources, maxWindowsPerVideo, 0, Long.MAX_VALUE, bar);
    }

    /** Ingests pass {@code pass} of the sources, at most {@code maxWindows} windows in all (see {@link ClipIngest}). */
    static IngestResult ingest(Platform platform, List<IngestSource> sources, long maxWindowsPerVideo, int pass,
            long maxWindows, ProgressBar bar) throws Exception {
        Config config = platform.config();
        ClipIngest ingest = ClipIngest.builder()
                .setKafka(platform.kafka())
                .setWindower(windower(config))
                .setFrameSize(config.get(Catalogue.INGEST_HEIGHT), config.get(Catalogue.INGEST_WIDTH))
                .optThreads(config.get(Catalogue.INGEST_THREADS))
                .optMaxPayloadBytes(config.get(Catalogue.DEAD_LETTER_MAX_PAYLOAD_BYTES))
                .optMaxWindowsPerVideo(maxWindowsPerVideo > 0 ? maxWindowsPerVideo : Long.MAX_VALUE)
                .optListener(new IngestListener() {
                    @Override
                    public void videoDone(IngestSource source, int windows) {
                        bar.step(1);
                    }

                    @Override
                    public void videoFailed(IngestSource source, String reason) {
                        System.err.println("\ningest: " + source.uri() + ": " + reason + " (dead-lettered)");
                        bar.step(1);
                    }
                })
                .build();
        return ingest.run(sources, pass, maxWindows);
    }

    static ClipWindower windower(Config config) {
        return new ClipWindower(config.get(Catalogue.CLIP_FRAMES), config.get(Catalogue.CLIP_FRAME_STEP),
                config.get(Catalogue.CLIP_STRIDE));
    }

    static String summary(IngestResult r) {
        return String.format(Locale.ROOT, "ingested %d windows (%.1f MB) from %d videos, %d failed, in %.1f s "
                + "(%.1f windows/s)", r.windows(), r.bytes() / 1e6, r.videos(), r.failedVideos(), r.seconds(),
                r.windowsPerSecond());
    }
}
