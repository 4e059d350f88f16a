package io.s2vc.video;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** What {@link SyntheticDataset#generate} wrote, and how long it took. */
public record GenerationSummary(Path root, int classes, int trainVideos, int testVideos, int appearances,
        long frames, Duration elapsed) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "generated %d train + %d test videos (%d classes, %d appearances, %d frames) in %s in %.1f s",
                trainVideos, testVideos, classes, appearances, frames, root, elapsed.toMillis() / 1000.0);
    }
}
