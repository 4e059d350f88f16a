package io.s2vc.train;

import io.s2vc.config.Config;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The cpu-tiny trainer shrunk for tests (tiny3d on 4×16×16 views, batch 4, queue 16), and pairs for it. */
public final class TinyTraining {
    public static final int FRAMES = 4;
    public static final int SIZE = 16;

    private TinyTraining() {
    }

    public static List<String> overrides() {
        return List.of("clip.frames=" + FRAMES, "augment.size=" + SIZE, "train.batch_size=4", "moco.queue_size=16",
                "moco.momentum=0.99", "train.checkpoint_every=3", "device=cpu");
    }

    public static Config config() {
        return Config.load("cpu-tiny", overrides());
    }

    public static TrainingSettings settings(String checkpointDir) {
        return TrainingSettings.from(config(), checkpointDir);
    }

    /** Pair {@code index}: random query and key views of video {@code index % videos}. */
    public static TrainingPair pair(int index, int videos) {
        return new TrainingPair("clip-" + index, "video-" + index % videos, clip(2L * index), clip(2L * index + 1));
    }

    public static List<TrainingPair> pairs(int count, int videos) {
        List<TrainingPair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pairs.add(pair(i, videos));
        }
        return pairs;
    }

    /**
     * A model checkpoint folder of a tiny trainer after {@code steps} steps, as the trainer writes it
     * ({@code dir/step-NNNNNNNNNN}); returns the folder.
     */
    public static java.nio.file.Path checkpoint(java.nio.file.Path dir, int steps, String runId) throws java.io.IOException {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            OnlineTrainer trainer = new OnlineTrainer(settings("unused"), manager);
            pairs(4 * steps, 9).forEach(trainer::add);
            java.nio.file.Path folder = dir.resolve(ModelCheckpoint.folderName(steps));
            ModelCheckpoint.write(trainer, folder, new ModelCheckpoint.Provenance(runId, "cpu-tiny", 5.0 - steps,
                    trainer.pairsSeen(), null, System.currentTimeMillis()));
            return folder;
        }
    }

    public static Clip clip(long seed) {
        byte[] rgb = new byte[FRAMES * SIZE * SIZE * Clip.CHANNELS];
        new SplittableRandom(seed).nextBytes(rgb);
        return new Clip(FRAMES, SIZE, SIZE, rgb);
    }
}
