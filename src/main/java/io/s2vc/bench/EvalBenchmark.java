package io.s2vc.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.s2vc.eval.EvalVideo;
import io.s2vc.eval.FeatureExtractor;
import io.s2vc.model.BackboneType;
import io.s2vc.model.Encoder;
import io.s2vc.model.EncoderFlops;
import ai.djl.ndarray.types.Shape;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code s2vc bench eval}: frozen-feature extraction throughput of the evaluate job in clips/s
 * ({@link FeatureExtractor}: uint8 clips → ImageNet normalisation → backbone with BN running
 * statistics → pooled features), for R3D-18 at 16×112×112 (the paper's clips) and tiny3d at 8×48×48
 * (the cpu-tiny profile), with the achieved GFLOP/s ({@link EncoderFlops}) and the engine's fp32 matmul
 * peak of the same run. Random weights cost the
 * same as trained ones.
 */
public final class EvalBenchmark {
    /** A backbone at a clip shape, fed in batches of {@code batch} clips. */
    public record Case(String profile, BackboneType backbone, int frames, int size, int batch) {
    }

    public static List<Case> defaultCases() {
        return List.of(new Case("paper-r3d18", BackboneType.R3D18, 16, 112, 8),
                new Case("cpu-tiny", BackboneType.TINY3D, 8, 48, 16));
    }

    private final Device device;
    private final List<Case> cases;
    private final int repeats;

    public EvalBenchmark(Device device, List<Case> cases, int repeats) {
        if (repeats < 1 || cases.isEmpty()) {
            throw new IllegalArgumentException("an evaluation benchmark needs cases and at least one repeat");
        }
        this.device = device;
        this.cases = List.copyOf(cases);
        this.repeats = repeats;
    }

    public void run(Consumer<Measurement> out) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            int threads = EnginePeak.threads(manager);
            for (Case c : cases) {
                double peak = EnginePeak.measureGflops(manager);
                out.accept(measure(manager, c, threads).with("peak_gflops", peak));
            }
        }
    }

    private Measurement measure(NDManager manager, Case c, int threads) {
        double[] clipsPerSecond = new double[repeats];
        try (NDManager scope = manager.newSubManager()) {
            Encoder encoder = Encoder.builder().setBackbone(c.backbone()).build();
            encoder.initialize(scope);
            FeatureExtractor extractor = new FeatureExtractor(encoder, scope, c.batch());
            List<EvalVideo> videos = randomVideos(c);
            for (int r = -1; r < repeats; r++) { // one warm-up round
                long start = System.nanoTime();
                extractor.extract(videos, false, 0);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (r >= 0) {
                    clipsPerSecond[r] = c.batch() / seconds;
                }
            }
        }
        // The head's two small layers are in the count too: under 0.01 % of R3D-18's forward.
        double flopsPerClip = EncoderFlops.forward(c.backbone(), 128, new Shape(c.frames(), c.size(), c.size()));
        Measurement m = new Measurement("eval.features_clips_per_s", "clips/s", clipsPerSecond);
        return m
                .with("profile", c.profile())
                .with("backbone", c.backbone().id())
                .with("batch", c.batch())
                .with("frames", c.frames())
                .with("size", c.size())
                .with("device", Measurement.deviceName(device))
                .with("threads", threads)
                .with("gflops", m.median() * flopsPerClip / 1e9)
                .with("gflop_per_clip", flopsPerClip / 1e9);
    }

    /** One batch of clips, one clip per video. */
    private static List<EvalVideo> randomVideos(Case c) {
        SplittableRandom random = new SplittableRandom(7);
        List<EvalVideo> videos = new ArrayList<>(c.batch());
        for (int b = 0; b < c.batch(); b++) {
            byte[] rgb = new byte[c.frames() * c.size() * c.size() * Clip.CHANNELS];
            random.nextBytes(rgb);
            videos.add(new EvalVideo("bench/" + b, 0, -1, List.of(new Clip(c.frames(), c.size(), c.size(), rgb))));
        }
        return videos;
    }
}
