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
import java.util.function.Consumer;

/**
 * {@code s2vc bench eval}: frozen-feature extraction throughput of the evaluate job in clips/s
 * ({@link FeatureExtractor}: uint8 clips → ImageNet normalisation → backbone with BN running
 * statistics → pooled features), for R3D-18 at 16×112×112 (the paper's clips) and tiny3d at 8×48×48
 * (the cpu-tiny profile), with the achieved GFLOP/s ({@link EncoderFlops}) and the engine's fp32 matmul
 * peak of the same run. Random weights cost the
 * same as trained ones.
 */
public final class EvalBenchmark extends CaseBenchmark<EvalBenchmark.Case> {
    /** A backbone at a clip shape, fed in batches of {@code batch} clips. */
    public record Case(String profile, BackboneType backbone, int frames, int size, int batch) {
    }

    public static List<Case> defaultCases() {
        return List.of(new Case("paper-r3d18", BackboneType.R3D18, 16, 112, 8),
                new Case("cpu-tiny", BackboneType.TINY3D, 8, 48, 16));
    }

    public EvalBenchmark(Device device, List<Case> cases, int repeats) {
        super("evaluation", device, cases, repeats);
    }

    @Override
    protected void measure(NDManager manager, Case c, Context context, Consumer<Measurement> out) {
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
        out.accept(context.describe(m.with("profile", c.profile())
                .with("backbone", c.backbone().id())
                .with("batch", c.batch())
                .with("frames", c.frames())
                .with("size", c.size()))
                .with("gflops", m.median() * flopsPerClip / 1e9)
                .with("gflop_per_clip", flopsPerClip / 1e9));
    }

    /** One batch of random clips, one clip per video. */
    private static List<EvalVideo> randomVideos(Case c) {
        List<EvalVideo> videos = new ArrayList<>(c.batch());
        List<Clip> clips = RandomClips.of(c.batch(), c.frames(), c.size(), 7);
        for (int b = 0; b < clips.size(); b++) {
            videos.add(new EvalVideo("bench/" + b, 0, -1, List.of(clips.get(b))));
        }
        return videos;
    }
}
