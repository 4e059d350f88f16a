package io.s2vc.video;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scene-biased synthetic action data set in the UCF101 layout, where only motion names the class.
 *
 * <p>Each class is one {@link Motion} of a single foreground object. Each object appearance is rendered
 * in several classes, one video each, so appearance cannot separate classes. Each video has its own
 * static procedural background: in the train split its {@link BackgroundFamily} is the class's family
 * with probability {@code bias} and another train family otherwise; in the test split it is uniform over
 * all families, independent of the class. A model that retrieves by background is therefore rewarded
 * in train and punished in test, which makes static bias measurable.
 *
 * <p>Everything is determined by the {@link SyntheticSpec}: each appearance and video draws from its own
 * random stream derived from (seed, index), so the frames do not depend on thread scheduling.
 *
 * <p>Files under the root: {@code UCF-101/<Class>/v_<Class>_gNNNN_c01.avi},
 * {@code ucfTrainTestlist/{classInd.txt, trainlist01.txt, testlist01.txt}}, {@value SyntheticFiles#METADATA}
 * (relative_path, split, class, label, appearance_id, background_family, background_family_index,
 * background_is_class_family), {@value SyntheticFiles#TRAJECTORIES} (relative_path, frame, cx, cy, scale,
 * angle; pixels, clockwise radians) and {@value SyntheticFiles#MANIFEST}, written last.
 */
public final class SyntheticDataset {
    public static final String METADATA_FILE = SyntheticFiles.METADATA;
    public static final String TRAJECTORY_FILE = SyntheticFiles.TRAJECTORIES;
    public static final String MANIFEST_FILE = SyntheticFiles.MANIFEST;

    private final SyntheticSpec spec;
    private final int threads;

    private SyntheticDataset(SyntheticSpec spec, int threads) {
        this.spec = spec;
        this.threads = threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A generator of {@code spec} using the default number of threads. */
    public static SyntheticDataset of(SyntheticSpec spec) {
        return new SyntheticDataset(spec, Builder.DEFAULT_THREADS);
    }

    public SyntheticSpec spec() {
        return spec;
    }

    /**
     * Every video of the set, train then test, without rendering or writing anything: cheap enough for
     * statistics over thousands of videos.
     */
    public List<SyntheticVideo> plan() {
        return spec.pooledLooks() ? planWithLookPool() : planWithAppearanceGroups();
    }

    /** Each group of {@code classesPerAppearance} videos (distinct classes) gets an appearance of its own. */
    private List<SyntheticVideo> planWithAppearanceGroups() {
        SplittableRandom groupRandom = new SplittableRandom(SyntheticSeeds.derive(spec.seed(), SyntheticSeeds.PLAN, 0));
        List<SyntheticVideo> videos = new ArrayList<>();
        int appearanceId = 0;
        for (Split split : Split.values()) {
            List<int[]> groups = AppearanceGroups.assign(spec.classes(), spec.videosPerClass(split),
                    spec.classesPerAppearance(), groupRandom);
            for (int[] classes : groups) {
                Appearance appearance = Appearance.random(appearanceId,
                        new SplittableRandom(SyntheticSeeds.derive(spec.seed(), SyntheticSeeds.APPEARANCE, appearanceId)), false,
                        spec.objectScale());
                for (int label : classes) {
                    videos.add(planVideo(videos.size(), split, label, appearance, appearance.id()));
                }
                appearanceId++;
            }
        }
        return List.copyOf(videos);
    }

    /**
     * Every video draws its look from one small pool shared by all classes and both splits, so many videos of
     * other classes look exactly like it: only the motion (or the background) tells them apart.
     */
    private List<SyntheticVideo> planWithLookPool() {
        List<Appearance> looks = new ArrayList<>();
        for (int id = 0; id < spec.looks(); id++) {
            looks.add(Appearance.random(id, new SplittableRandom(SyntheticSeeds.derive(spec.seed(), SyntheticSeeds.APPEARANCE, id)), true,
                    spec.objectScale()));
        }
        List<SyntheticVideo> videos = new ArrayList<>();
        for (Split split : Split.values()) {
            for (int label = 0; label < spec.classes(); label++) {
                for (int v = 0; v < spec.videosPerClass(split); v++) {
                    int index = videos.size();
                    SplittableRandom lookRandom = new SplittableRandom(SyntheticSeeds.derive(spec.seed(), SyntheticSeeds.LOOK, index));
                    videos.add(planVideo(index, split, label, looks.get(lookRandom.nextInt(looks.size())), index));
                }
            }
        }
        return List.copyOf(videos);
    }

    /** The frames of one planned video, T×H×W×3 RGB. */
    public Clip render(SyntheticVideo video) {
        return new SceneRenderer(spec).render(video);
    }

    /**
     * Writes the whole set under {@code root}, replacing a previous synthetic set there (but refusing to
     * overwrite a UCF101 layout that s2vc did not generate).
     */
    public GenerationSummary generate(Path root) throws IOException {
        long start = System.nanoTime();
        SyntheticFiles files = new SyntheticFiles(root);
        Files.createDirectories(root);
        files.clearPrevious();
        List<SyntheticVideo> plan = plan();
        writeVideos(files.videoFolder(), plan);
        files.writeSplitLists(spec, plan);
        files.writeMetadata(spec, plan);
        files.writeTrajectories(plan);
        int train = (int) plan.stream().filter(video -> video.split() == Split.TRAIN).count();
        int appearances = (int) plan.stream().map(video -> video.appearance().id()).distinct().count();
        files.writeManifest(new SyntheticFiles.Manifest(SyntheticFiles.GENERATOR, SyntheticFiles.GENERATOR_VERSION,
                spec, train, plan.size() - train, appearances));
        return new GenerationSummary(root, spec.classes(), train, plan.size() - train, appearances,
                (long) plan.size() * spec.frames(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Whether {@code root} holds a complete set generated from this spec. */
    public boolean isGenerated(Path root) {
        return isGenerated(root, spec);
    }

    /** Whether {@code root} holds a complete set generated from {@code spec} by this generator version. */
    public static boolean isGenerated(Path root, SyntheticSpec spec) {
        SyntheticFiles files = new SyntheticFiles(root);
        return files.readManifest()
                .filter(manifest -> SyntheticFiles.GENERATOR.equals(manifest.generator())
                        && manifest.version() == SyntheticFiles.GENERATOR_VERSION
                        && spec.equals(manifest.spec()))
                .isPresent()
                && files.allFilesPresent(of(spec).plan());
    }

    /** @param group the {@code g} number of the file name, unique within the class */
    private SyntheticVideo planVideo(int index, Split split, int label, Appearance appearance, int group) {
        SplittableRandom random = new SplittableRandom(SyntheticSeeds.derive(spec.seed(), SyntheticSeeds.VIDEO, index));
        // A separate stream for the motion, so that the trajectory does not depend on the background draw.
        SplittableRandom motionRandom = random.split();
        BackgroundFamily background = drawBackground(split, label, random);
        Motion motion = spec.motion(label);
        double radius = appearance.radiusPixels(spec.width(), spec.height());
        List<FramePose> trajectory = appearance.pose() == null
                ? motion.trajectory(motionRandom, spec.frames(), spec.width(), spec.height(), radius)
                : motion.trajectory(motionRandom, spec.frames(), spec.width(), spec.height(), radius,
                        appearance.pose().angle(), appearance.pose().scale());
        if (spec.cameraJitter() > 0) {
            trajectory = shakeCamera(trajectory, motionRandom);
        }
        String className = motion.className();
        String relativePath = String.format(Locale.ROOT, "%s/v_%s_g%04d_c01.%s", className, className,
                group, spec.videoExtension());
        return new SyntheticVideo(index, relativePath, split, motion, label, appearance, background,
                SyntheticSeeds.derive(spec.seed(), SyntheticSeeds.BACKGROUND, index), trajectory);
    }

    /** Shifts every frame's whole scene by its own random offset of at most the jitter in each direction. */
    private List<FramePose> shakeCamera(List<FramePose> trajectory, SplittableRandom random) {
        int jitter = spec.cameraJitter();
        List<FramePose> shaken = new ArrayList<>(trajectory.size());
        for (FramePose pose : trajectory) {
            shaken.add(pose.withCameraShift(random.nextInt(-jitter, jitter + 1), random.nextInt(-jitter, jitter + 1)));
        }
        return List.copyOf(shaken);
    }

    private BackgroundFamily drawBackground(Split split, int label, SplittableRandom random) {
        BackgroundFamily[] all = BackgroundFamily.values();
        if (split == Split.TEST) {
            return all[random.nextInt(spec.families())];
        }
        int classFamily = spec.classFamily(label).ordinal();
        if (random.nextDouble() < spec.bias()) {
            return all[classFamily];
        }
        int other = random.nextInt(spec.trainFamilies() - 1);
        return all[other >= classFamily ? other + 1 : other];
    }

    private void writeVideos(Path videoFolder, List<SyntheticVideo> plan) throws IOException {
        SceneRenderer renderer = new SceneRenderer(spec);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "s2vc-synthetic-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (SyntheticVideo video : plan) {
                writes.add(pool.submit(() -> {
                    VideoWriter.write(videoFolder.resolve(video.relativePath()), renderer.render(video), spec.fps());
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing synthetic videos to " + videoFolder);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("cannot write a synthetic video under " + videoFolder, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Options of a synthetic set; {@link #setSeed} is required, every {@code opt…} has the default noted. */
    public static final class Builder {
        static final int DEFAULT_THREADS = 2;

        private Long seed;
        private int classes = 8;
        private int families = 8;
        private int heldOutFamilies = 0;
        private int classesPerAppearance = 3;
        private int looks = 0;
        private double objectScale = 1;
        private int trainVideosPerClass = 30;
        private int testVideosPerClass = 20;
        private int frames = 32;
        private int width = 160;
        private int height = 120;
        private double fps = 25;
        private double bias = 0.8;
        private int cameraJitter = 0;
        private String videoExtension = "avi";
        private int threads = DEFAULT_THREADS;

        private Builder() {
        }

        /** Required: the seed of every random choice; the same seed gives the same frames. */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Motion classes, 2..10, taken in {@link Motion} order. Default 8 (MoveRight .. Shrink). */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** Background texture families, 2..10, taken in {@link BackgroundFamily} order. Default 8. */
        public Builder optFamilies(int families) {
            this.families = families;
            return this;
        }

        /** How many of the last families appear only in the test split. Default 0 (none held out). */
        public Builder optHeldOutFamilies(int heldOutFamilies) {
            this.heldOutFamilies = heldOutFamilies;
            return this;
        }

        /** Classes each appearance is rendered in, one video per class, 2..classes. Default 3. */
        public Builder optClassesPerAppearance(int classesPerAppearance) {
            this.classesPerAppearance = classesPerAppearance;
            return this;
        }

        /**
         * Size of the shared pool of object looks (fixed shape, colours, size, start angle and scale), 0..{@value
         * SyntheticSpec#MAX_LOOKS}; every video draws one. Default 0: no pool, one appearance per group of
         * {@link #optClassesPerAppearance} videos.
         */
        public Builder optLooks(int looks) {
            this.looks = looks;
            return this;
        }

        /** Object size relative to the built-in range (radius 11–15% of the shorter side), 0.25..2.5. Default 1. */
        public Builder optObjectScale(double objectScale) {
            this.objectScale = objectScale;
            return this;
        }

        /** Train videos per class. Default 30 (240 train videos for 8 classes). */
        public Builder optTrainVideosPerClass(int trainVideosPerClass) {
            this.trainVideosPerClass = trainVideosPerClass;
            return this;
        }

        /** Test videos per class. Default 20 (160 test queries for 8 classes). */
        public Builder optTestVideosPerClass(int testVideosPerClass) {
            this.testVideosPerClass = testVideosPerClass;
            return this;
        }

        /** Frames per video. Default 32 (1.28 s at 25 fps). */
        public Builder optFrames(int frames) {
            this.frames = frames;
            return this;
        }

        /** Frame size in pixels, both even and at least 16. Default 160×120 (UCF101's aspect ratio). */
        public Builder optFrameSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /** Frame rate written to the files. Default 25. */
        public Builder optFps(double fps) {
            this.fps = fps;
            return this;
        }

        /** Probability that a train video's background family is its class's family. Default 0.8. */
        public Builder optBias(double bias) {
            this.bias = bias;
            return this;
        }

        /** Largest per-frame shift of the whole scene in pixels, at most 1/8 of the shorter side. Default 0. */
        public Builder optCameraJitter(int pixels) {
            this.cameraJitter = pixels;
            return this;
        }

        /** Container: "avi" (default, as UCF101) or "mp4" (both MPEG-4 part 2), or "gif". */
        public Builder optVideoExtension(String extension) {
            this.videoExtension = extension.toLowerCase(Locale.ROOT);
            return this;
        }

        /** Videos rendered and encoded at once. Default 2 (one per core of the target machine). */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * @throws IllegalStateException if no seed was set
         * @throws IllegalArgumentException if an option is out of range
         */
        public SyntheticDataset build() {
            if (seed == null) {
                throw new IllegalStateException("a synthetic data set needs a seed: call setSeed");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            return new SyntheticDataset(new SyntheticSpec(seed, classes, families, heldOutFamilies,
                    classesPerAppearance, looks, objectScale, trainVideosPerClass, testVideosPerClass, frames, width, height, fps, bias,
                    cameraJitter, videoExtension), threads);
        }
    }
}
