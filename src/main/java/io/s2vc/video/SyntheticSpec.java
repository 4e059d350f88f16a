package io.s2vc.video;

/**
 * Everything that determines a synthetic data set; equal specs generate identical frames.
 * Built with {@link SyntheticDataset#builder()}, which documents the defaults.
 *
 * @param seed                 the seed of every random choice
 * @param classes              number of motion classes, the first of {@link Motion} in order
 * @param families             number of background texture families, the first of {@link BackgroundFamily}
 * @param heldOutFamilies      how many of the last families appear only in the test split
 * @param classesPerAppearance classes each object appearance is rendered in, one video per class (when
 *                             {@code looks} is 0)
 * @param looks                size of the pool of object appearances shared by all classes and both splits,
 *                             each with a fixed angle and scale; every video draws one look uniformly. 0 = no
 *                             pool: one appearance per {@code classesPerAppearance} videos, angle and scale
 *                             drawn per video
 * @param objectScale          object size relative to the built-in range (radius 11–15% of the shorter side at
 *                             scale 1)
 * @param trainVideosPerClass  videos per class in the train split
 * @param testVideosPerClass   videos per class in the test split
 * @param frames               frames per video
 * @param width                frame width in pixels
 * @param height               frame height in pixels
 * @param fps                  frame rate written to the files
 * @param bias                 probability that a train video's background family is its class's family
 * @param cameraJitter         largest per-frame shift of the whole scene, in pixels (0 = still camera)
 * @param videoExtension       container of the files: "avi", "mp4" or "gif"
 */
public record SyntheticSpec(long seed, int classes, int families, int heldOutFamilies, int classesPerAppearance,
        int looks, double objectScale, int trainVideosPerClass, int testVideosPerClass, int frames, int width, int height, double fps,
        double bias, int cameraJitter, String videoExtension) {

    /** Largest pool of looks: beyond a few dozen every video is nearly unique again. */
    public static final int MAX_LOOKS = 64;

    public SyntheticSpec {
        require(classes >= 2 && classes <= Motion.COUNT, "classes must be in 2.." + Motion.COUNT + ", got " + classes);
        require(families >= 2 && families <= BackgroundFamily.COUNT,
                "families must be in 2.." + BackgroundFamily.COUNT + ", got " + families);
        require(heldOutFamilies >= 0 && heldOutFamilies < families,
                "held-out families must be in 0.." + (families - 1) + ", got " + heldOutFamilies);
        require(classesPerAppearance >= 2 && classesPerAppearance <= classes,
                "classes per appearance must be in 2.." + classes + " (the number of classes), got "
                        + classesPerAppearance);
        require(looks >= 0 && looks <= MAX_LOOKS, "looks must be in 0.." + MAX_LOOKS + ", got " + looks);
        require(objectScale >= 0.25 && objectScale <= 2.5, "object scale must be in [0.25, 2.5], got " + objectScale);
        require(trainVideosPerClass >= 1 && testVideosPerClass >= 1, "videos per class must be at least 1, got train "
                + trainVideosPerClass + " and test " + testVideosPerClass);
        require(frames >= 2, "frames must be at least 2, got " + frames);
        require(width >= 16 && height >= 16 && width % 2 == 0 && height % 2 == 0,
                "width and height must be even and at least 16, got " + width + "x" + height);
        require(fps > 0, "fps must be positive, got " + fps);
        require(bias >= 0 && bias <= 1, "bias must be in [0, 1], got " + bias);
        require(bias == 1 || families - heldOutFamilies >= 2,
                "a bias below 1 needs at least 2 train families to draw the other families from");
        require(cameraJitter >= 0 && cameraJitter <= Math.min(width, height) / 8,
                "camera jitter must be in 0.." + Math.min(width, height) / 8 + " pixels, got " + cameraJitter);
        require(videoExtension != null && VideoWriter.supports(videoExtension),
                "video extension must be avi, mp4 or gif, got " + videoExtension);
    }

    /** Whether objects come from a shared pool of looks rather than one appearance per group of videos. */
    public boolean pooledLooks() {
        return looks > 0;
    }

    /** Families that train backgrounds use; the held-out ones follow them. */
    public int trainFamilies() {
        return families - heldOutFamilies;
    }

    /** The family a class's train backgrounds favour: class i ↔ family i mod train families. */
    public BackgroundFamily classFamily(int label) {
        return BackgroundFamily.values()[label % trainFamilies()];
    }

    public Motion motion(int label) {
        return Motion.values()[label];
    }

    public int videosPerClass(Split split) {
        return split == Split.TRAIN ? trainVideosPerClass : testVideosPerClass;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
