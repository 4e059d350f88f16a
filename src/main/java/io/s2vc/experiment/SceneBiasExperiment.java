package io.s2vc.experiment;

import io.s2vc.config.Catalogue;
import ai.djl.ndarray.NDManager;
import io.s2vc.augment.ViewAugmenter;
import io.s2vc.config.Config;
import io.s2vc.eval.EvalSettings;
import io.s2vc.eval.Evaluator;
import io.s2vc.eval.MotionOracle;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.train.TrainingSettings;
import io.s2vc.video.DatasetLayout;
import io.s2vc.video.Split;
import io.s2vc.video.VideoEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Does S²VC beat MoCo on a scene-biased data set? Trains every compared method (the plain key view, the
 * S²VC strategies, TFD, the scene-only baseline, and S²VC at each α of the sweep) with every seed on the
 * same stream and the same budget, with the product's augmenter, suppressor, online trainer and evaluator;
 * measures the motion oracles once; and writes the results, with the sanity checks and the verdict, after
 * every run (see {@link ExperimentReport}, {@link Verdict}).
 *
 * <p>Runs are in-process, not through Kafka and Flink, so that every method sees byte-identical query views
 * and key crops in the same order (a Flink job with several partitions orders pairs by arrival). The stream
 * is the ingest's windows of the training split; the seed draws the model initialisation, the order of
 * each pass and the query views; the key views are made once per window and view (see {@link KeyViewBank}).
 *
 * <p>With {@code experiment.resume}, runs already in the result folder that were trained with the same settings
 * are reused, so an interrupted experiment continues and a finished one can be extended by methods or seeds.
 */
public final class SceneBiasExperiment {
    private final Config config;
    private final ExperimentSettings settings;
    private final Path data;
    private final Path out;
    private final ViewAugmenter augmenter;
    private final StaticCueSuppressor suppressor;
    private final String command;
    private final Consumer<String> progress;

    /**
     * @param suppressor the flow, mode, TFD fraction and seed of the suppressing methods (null if none suppresses)
     * @param command the command line, recorded in the report so that it can be rerun
     */
    public SceneBiasExperiment(Config config, ExperimentSettings settings, Path data, Path out, ViewAugmenter augmenter,
            StaticCueSuppressor suppressor, String command, Consumer<String> progress) {
        this.config = config;
        this.settings = settings;
        this.data = data.toAbsolutePath();
        this.out = out.toAbsolutePath();
        this.augmenter = augmenter;
        this.suppressor = suppressor;
        this.command = command;
        this.progress = Objects.requireNonNull(progress);
    }

    public ExperimentResult run() throws IOException {
        long start = System.nanoTime();
        int split = config.get(Catalogue.INGEST_SPLIT);
        TrainingWindows windows = TrainingWindows.load(data, config);
        List<Method> methods = settings.allMethods();
        List<ExperimentResult.MethodInfo> infos = new ArrayList<>();
        for (Method m : methods) {
            infos.add(ExperimentResult.MethodInfo.of(m, !settings.comparison().contains(m)));
        }
        DatasetLayout layout = DatasetLayout.detect(data);
        String dataName = layout.name() + " split " + split + " (" + data + ")";
        List<VideoEntry> gallery = layout.entries(split, Split.TRAIN);
        List<VideoEntry> queries = layout.entries(split, Split.TEST);
        List<Long> seeds = new ArrayList<>();
        for (int s = 0; s < settings.seeds(); s++) {
            seeds.add(config.get(Catalogue.SEED) + s);
        }
        String fingerprint = SettingsFingerprint.of(config);
        progress.accept("settings fingerprint " + fingerprint);
        ExperimentResult earlier = reusable(fingerprint, dataName, windows.size());
        List<Method> toTrain = methods.stream()
                .filter(m -> seeds.stream().anyMatch(seed -> earlier == null || earlier.run(m.id(), seed).isEmpty()))
                .toList();
        List<RunResult> runs = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(config.get(Catalogue.DEVICE).resolve());
                Evaluator evaluator = new Evaluator(EvalSettings.from(config), data, out.resolve("cache"))) {
            evaluator.withProgress(message -> { });
            progress.accept("motion oracles (no learning): the classes must be retrievable from motion");
            List<MotionOracle.Result> oracles = MotionOracle.all(evaluator.data(), message -> { });
            oracles.forEach(o -> progress.accept(String.format(java.util.Locale.ROOT, "motion oracle (%s): R@1 %.3f",
                    o.name(), o.recall().get(1))));
            long bankStart = System.nanoTime();
            int views = settings.keyViewsPerWindow(windows.size(), config.get(Catalogue.TRAIN_BATCH_SIZE));
            KeyViewBank bank = null;
            if (!toTrain.isEmpty()) {
                progress.accept("making " + windows.size() * views + " key views for " + toTrain.size() + " methods");
                bank = KeyViewBank.build(windows, augmenter, views, settings.keyClip(), toTrain, suppressor,
                        config.get(Catalogue.SUPPRESS_BATCH_SIZE), manager, progress);
            }
            double bankSeconds = (System.nanoTime() - bankStart) / 1e9 + (earlier == null ? 0 : earlier.keyViewSeconds());
            SupervisedCeiling.Result ceiling = earlier == null ? null : earlier.supervised();
            if (ceiling != null && (ceiling.steps() != settings.supervisedSteps()
                    || ceiling.learningRate() != settings.supervisedLearningRate())) {
                ceiling = null;
            }
            if (ceiling != null) {
                progress.accept("supervised ceiling reused from " + out.resolve(ExperimentReport.JSON));
            } else if (settings.supervisedSteps() > 0) {
                ceiling = SupervisedCeiling.run(config, windows, evaluator.data(), augmenter, settings.supervisedSteps(),
                        settings.supervisedLearningRate(), progress);
                progress.accept(String.format(java.util.Locale.ROOT, "supervised ceiling: test top-1 %.3f (train %.3f) "
                        + "after %d steps", ceiling.testTop1(), ceiling.trainTop1(), ceiling.steps()));
            }
            double earlierSeconds = earlier == null ? 0 : earlier.elapsedSeconds();
            for (long seed : seeds) {
                PairStream stream = new PairStream(windows, augmenter, seed);
                // the experiment's budget rules each run: a stray train.max_steps would leave the trainer idle
                TrainingSettings training = TrainingSettings.from(config.with(Catalogue.SEED, seed).with(Catalogue.TRAIN_MAX_STEPS, 0L),
                        out.resolve("runs").toString());
                for (Method method : methods) {
                    var finished = earlier == null ? java.util.Optional.<RunResult>empty() : earlier.run(method.id(), seed);
                    if (finished.isPresent()) {
                        progress.accept("reusing " + method.label() + ", seed " + seed + " (same settings, "
                                + fingerprint + ")");
                        runs.add(finished.get());
                    } else {
                        progress.accept("training " + method.label() + ", seed " + seed + ", " + settings.budgetText());
                        runs.add(MethodRun.run(method, stream, bank, training, settings,
                                out.resolve("runs").resolve(method.id()).resolve("seed-" + seed), evaluator, manager,
                                progress));
                    }
                    ExperimentReport.write(out, new ExperimentResult(command, dataName, settings.budgetText(), seeds,
                            settings.alpha(), Arrays.stream(settings.alphas()).boxed().toList(), infos, windows.size(),
                            views, queries.size(), chanceR1(gallery, queries), bankSeconds,
                            earlierSeconds + (System.nanoTime() - start) / 1e9, runs, oracles, settings.checks(), ceiling,
                            fingerprint));
                }
            }
        }
        return ExperimentReport.read(out);
    }

    /**
     * The result an earlier invocation left in the result folder, when resuming is on and its runs were trained
     * with the same settings on the same data; otherwise null (and the reason, when there is something to say).
     */
    private ExperimentResult reusable(String fingerprint, String dataName, int trainWindows) throws IOException {
        if (!settings.resume() || !java.nio.file.Files.exists(out.resolve(ExperimentReport.JSON))) {
            return null;
        }
        ExperimentResult earlier = ExperimentReport.read(out);
        String mismatch = earlier.settingsFingerprint() == null ? "it does not record its settings"
                : !earlier.settingsFingerprint().equals(fingerprint) ? "its settings differ (" + earlier.settingsFingerprint()
                        + ", now " + fingerprint + ")"
                : !earlier.data().equals(dataName) || earlier.trainWindows() != trainWindows ? "its data set differs"
                : !earlier.budget().equals(settings.budgetText()) ? "its budget differs" : null;
        if (mismatch != null) {
            progress.accept("not reusing the runs in " + out.resolve(ExperimentReport.JSON) + ": " + mismatch
                    + "; they are overwritten");
            return null;
        }
        return earlier;
    }

    /** Expected R@1 of a feature that says nothing: the mean share of the gallery in the query's class. */
    static double chanceR1(List<VideoEntry> gallery, List<VideoEntry> queries) {
        Map<Integer, Integer> perClass = new HashMap<>();
        gallery.forEach(v -> perClass.merge(v.label(), 1, Integer::sum));
        return queries.stream().mapToDouble(q -> perClass.getOrDefault(q.label(), 0) / (double) gallery.size())
                .average().orElse(Double.NaN);
    }
}
