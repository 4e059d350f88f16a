package io.s2vc.eval;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import io.s2vc.config.Catalogue;
import io.s2vc.model.Encoder;
import io.s2vc.train.CheckpointManifest;
import io.s2vc.train.CorruptCheckpointException;
import io.s2vc.train.ModelCheckpoint;
import io.s2vc.video.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the protocols on one model checkpoint: frozen features of the train and test halves, then
 * nearest-neighbour retrieval (§5.2), the linear probe (§5.3), natural-vs-shuffled temporal order
 * (Fig. 1) and, on the scene-biased synthetic set, the static-bias scores. Features of a checkpoint
 * (by its SHA-256) on unchanged data are cached, so a repeated evaluation only reruns the probes.
 * Not thread-safe.
 */
public final class Evaluator implements AutoCloseable {
    /** Suffixes of a metric's 95 % confidence bounds. */
    public static final String CI_LOW = ".ci_low";
    public static final String CI_HIGH = ".ci_high";
    private final EvalSettings settings;
    private final EvalData data;
    private final FeatureCache features;
    private final NDManager manager;
    private Consumer<String> progress = message -> { };

    public Evaluator(EvalSettings settings, Path dataRoot, Path cacheDir) throws IOException {
        this.settings = settings;
        this.data = new EvalData(dataRoot, settings, cacheDir);
        this.features = new FeatureCache(cacheDir.resolve("features"));
        this.manager = NDManager.newBaseManager(settings.device().resolve());
    }

    public Evaluator withProgress(Consumer<String> listener) {
        this.progress = listener;
        return this;
    }

    public EvalData data() {
        return data;
    }

    /**
     * Evaluates the verified checkpoint folder {@code checkpoint}.
     *
     * @throws CorruptCheckpointException when the checkpoint fails its checks
     */
    public Evaluation evaluate(Path checkpoint) throws IOException, CorruptCheckpointException {
        CheckpointManifest manifest = ModelCheckpoint.verify(checkpoint);
        Map<String, Double> metrics = new LinkedHashMap<>();
        String key = manifest.modelSha256() + "-" + data.fingerprint() + (settings.temporalOrder() ? "-shuffled" + settings.seed() : "");
        FeatureCache.Pair cached = features.read(key);
        if (cached == null) {
            try (Model model = ModelCheckpoint.load(checkpoint, manifest); NDManager scope = manager.newSubManager()) {
                Encoder encoder = (Encoder) model.getBlock();
                FeatureExtractor extractor = new FeatureExtractor(encoder, scope, settings.batchSize());
                long start = System.nanoTime();
                VideoFeatures train = extractor.extract(data.videos(Split.TRAIN, progress), settings.temporalOrder(),
                        settings.seed());
                VideoFeatures test = extractor.extract(data.videos(Split.TEST, progress), settings.temporalOrder(),
                        settings.seed() + 1);
                double seconds = (System.nanoTime() - start) / 1e9;
                metrics.put("features.clips_per_s", extractor.clipsSeen() / Math.max(seconds, 1e-9));
                cached = new FeatureCache.Pair(train, test);
                features.write(key, cached);
                progress.accept(String.format(java.util.Locale.ROOT, "features of %d + %d videos in %.1f s",
                        train.labels().length, test.labels().length, seconds));
            }
        }
        VideoFeatures train = cached.train();
        VideoFeatures test = cached.test();
        int[] ranks = Retrieval.firstHitRanks(train.natural(), train.labels(), test.natural(), test.labels());
        putRecall(metrics, ranks, settings.seed());
        LinearProbe.Result linear = LinearProbe.trainAndTest(train.natural(), train.labels(), test.natural(),
                test.labels(), data.classes(), settings.linearProbe());
        metrics.put("linear.top1", linear.top1());
        metrics.put("linear.top5", linear.top5());
        if (settings.temporalOrder()) {
            metrics.put("temporal_order.accuracy", TemporalOrder.accuracy(train, test, settings.linearProbe()));
        }
        if (data.hasBackgrounds()) {
            metrics.put("static_bias.background_top1", LinearProbe.trainAndTest(train.natural(), train.backgrounds(),
                    test.natural(), test.backgrounds(), data.backgroundFamilies(), settings.linearProbe()).top1());
            metrics.put("static_bias.background_chance", 1.0 / data.backgroundFamilies());
        }
        if (settings.finetuneEpochs() > 0) {
            try (Model model = ModelCheckpoint.load(checkpoint, manifest); NDManager scope = manager.newSubManager()) {
                progress.accept("fine-tuning for " + settings.finetuneEpochs() + " epochs");
                metrics.put("finetune.top1", FineTune.trainAndTest((Encoder) model.getBlock(),
                        data.videos(Split.TRAIN, progress), data.videos(Split.TEST, progress), data.classes(),
                        settings.fineTune(), scope));
            }
        }
        return new Evaluation(manifest.runId(), manifest.step(), checkpoint.toString(), manifest.loss(),
                manifest.pairsSeen(), manifest.backbone(), data.name(), metrics, System.currentTimeMillis(), ranks);
    }

    /**
     * Puts {@code retrieval.R@k} and its 95 % bootstrap interval over the queries
     * ({@code retrieval.R@k.ci_low}, {@code retrieval.R@k.ci_high}) for every k of {@link Retrieval#KS}.
     */
    public static void putRecall(Map<String, Double> metrics, int[] ranks, long bootstrapSeed) {
        List<Bootstrap.Interval> intervals = Bootstrap.meansOverQueries(
                Arrays.stream(Retrieval.KS).mapToObj(k -> Retrieval.hitsAt(ranks, k)).toList(), bootstrapSeed);
        for (int i = 0; i < Retrieval.KS.length; i++) {
            int k = Retrieval.KS[i];
            Bootstrap.Interval interval = intervals.get(i);
            metrics.put("retrieval.R@" + k, interval.estimate());
            metrics.put("retrieval.R@" + k + CI_LOW, interval.low());
            metrics.put("retrieval.R@" + k + CI_HIGH, interval.high());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
