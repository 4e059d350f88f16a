package io.s2vc.flow.pretrain;

import io.s2vc.video.VideoDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames sampled from video files: each {@link #next} picks a video uniformly at random (with
 * replacement), decodes it at the flow's size (ffmpeg scales, see {@link VideoDecoder}) and returns
 * a few of its frames, chosen uniformly without replacement by reservoir sampling (so the video's
 * length need not be known and only the chosen frames are kept). Read number n draws from a stream
 * seeded by (seed, n), so the position is simply the number of videos read.
 */
public final class VideoFrameSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(VideoFrameSource.class);

    private final List<Path> videos;
    private final int height;
    private final int width;
    private final long seed;
    private final int framesPerVideo;
    private final int patchesFromHeight;
    private long videosRead;
    private long failures;

    private VideoFrameSource(Builder builder) {
        this.videos = List.copyOf(builder.videos);
        this.height = builder.height;
        this.width = builder.width;
        this.seed = builder.seed;
        this.framesPerVideo = builder.framesPerVideo;
        this.patchesFromHeight = builder.patchesFromHeight;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A video that cannot be decoded is logged and skipped: an empty list, not a failed run. */
    @Override
    public List<byte[]> next() {
        SplittableRandom random = SeededStreams.of(seed, SeededStreams.VIDEO, videosRead++);
        Path video = videos.get(random.nextInt(videos.size()));
        try {
            return sampleFrames(video, random);
        } catch (IOException e) {
            failures++;
            LOG.warn("skipping {}: {}", video, e.getMessage());
            return List.of();
        }
    }

    private List<byte[]> sampleFrames(Path video, SplittableRandom random) throws IOException {
        if (patchesFromHeight == 0) {
            return chooseFrames(video, height, width, random);
        }
        double[] probe = VideoDecoder.probe(video.toString());
        int sourceHeight = Math.max(patchesFromHeight, height);
        int sourceWidth = Math.max(width, (int) Math.round(sourceHeight * probe[1] / Math.max(1, probe[0])));
        List<byte[]> patches = new ArrayList<>();
        for (byte[] frame : chooseFrames(video, sourceHeight, sourceWidth, random)) {
            patches.add(crop(frame, sourceWidth, random.nextInt(sourceHeight - height + 1),
                    random.nextInt(sourceWidth - width + 1)));
        }
        return patches;
    }

    /** A flow-sized patch at (top, left) of a frame {@code sourceWidth} pixels wide. */
    private byte[] crop(byte[] frame, int sourceWidth, int top, int left) {
        byte[] patch = new byte[height * width * 3];
        for (int y = 0; y < height; y++) {
            System.arraycopy(frame, ((top + y) * sourceWidth + left) * 3, patch, y * width * 3, width * 3);
        }
        return patch;
    }

    private List<byte[]> chooseFrames(Path video, int height, int width, SplittableRandom random) throws IOException {
        List<byte[]> chosen = new ArrayList<>(framesPerVideo);
        try (VideoDecoder decoder = VideoDecoder.open(video.toString(), height, width)) {
            byte[] frame = new byte[height * width * 3];
            for (long index = 0; decoder.next(frame) >= 0; index++) {
                if (index < framesPerVideo) {
                    chosen.add(frame.clone());
                } else {
                    long slot = random.nextLong(index + 1);
                    if (slot < framesPerVideo) {
                        chosen.set((int) slot, frame.clone());
                    }
                }
            }
        }
        return chosen;
    }

    @Override
    public String position() {
        return Long.toString(videosRead);
    }

    @Override
    public void seek(String position) {
        try {
            videosRead = Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a position of a video frame source: '" + position + "'", e);
        }
    }

    @Override
    public String describe() {
        return videos.size() + " videos, " + framesPerVideo + " frames per read, " + (patchesFromHeight == 0
                ? "decoded at " + height + "x" + width : height + "x" + width + " patches of frames decoded "
                + patchesFromHeight + " pixels high")
                + (failures > 0 ? ", " + failures + " failed reads" : "");
    }

    @Override
    public void close() {
        // nothing held between reads
    }

    /** DJL-style builder: {@code set…} is required, {@code opt…} optional. */
    public static final class Builder {
        private List<Path> videos;
        private int height;
        private int width;
        private long seed;
        private int framesPerVideo = 8;
        private int patchesFromHeight;

        private Builder() {
        }

        /**
         * Instead of whole frames resized to the flow's size, a random flow-sized patch of each chosen frame decoded
         * {@code height} pixels high (width by the video's aspect ratio): for a flow that suppresses footage tile by
         * tile ({@code TiledSuppression}). 0 (default) = whole frames.
         */
        public Builder optPatchesFrom(int height) {
            this.patchesFromHeight = height;
            return this;
        }

        public Builder setVideos(List<Path> videos) {
            this.videos = videos;
            return this;
        }

        /** The flow's frame size. */
        public Builder setFrameSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Frames taken from each video read (default 8). */
        public Builder optFramesPerVideo(int framesPerVideo) {
            this.framesPerVideo = framesPerVideo;
            return this;
        }

        public VideoFrameSource build() {
            Objects.requireNonNull(videos, "setVideos is required");
            if (videos.isEmpty()) {
                throw new IllegalArgumentException("a video frame source needs at least one video");
            }
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("setFrameSize is required (positive height and width)");
            }
            if (patchesFromHeight < 0) {
                throw new IllegalArgumentException("patch source height must be >= 0 (0 = whole frames), got "
                        + patchesFromHeight);
            }
            if (framesPerVideo < 1) {
                throw new IllegalArgumentException("frames per video must be >= 1, got " + framesPerVideo);
            }
            return new VideoFrameSource(this);
        }
    }
}
