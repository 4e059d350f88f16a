package io.s2vc.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.s2vc.augment.ViewAugmenter;
import io.s2vc.augment.ViewKind;
import io.s2vc.config.Config;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionSeeds;
import io.s2vc.suppress.SuppressionStrategy;
import io.s2vc.testing.TinyDataset;
import io.s2vc.train.TinyTraining;
import io.s2vc.video.Clip;
import io.s2vc.video.ClipWindower;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment's plumbing on the tiny synthetic set, a random flow and a budget of two steps. */
class SceneBiasExperimentTest {
    @TempDir
    static Path dir;

    private static Path data;
    private static Config config;
    private static NDManager manager;
    private static FlowModel flow;
    private static TrainingWindows windows;
    private static ViewAugmenter augmenter;

    @BeforeAll
    static void setUp() throws Exception {
        data = TinyDataset.generate(dir.resolve("data"));
        List<String> overrides = new ArrayList<>(TinyTraining.overrides());
        overrides.addAll(List.of("ingest.height=24", "ingest.width=32", "eval.size=16", "eval.clips_per_video=2",
                "eval.linear_epochs=5", "eval.linear_milestone_epochs=", "experiment.seeds=2", "experiment.budget=2",
                "experiment.eval_every=1", "experiment.methods=none,zero,tfd", "experiment.alphas=0.3,0.5",
                "suppress.batch_size=5", "train.max_steps=1", // the experiment's budget (2 steps) rules
                "experiment.supervised_steps=3"));
        config = Config.load("cpu-tiny", overrides);
        manager = NDManager.newBaseManager();
        flow = FlowModel.create(FlowSpec.cpuTiny32(), FlowInit.randomEverywhere(7, FlowInit.ADVFLOW_SIGMA), manager);
        windows = TrainingWindows.load(data, 1, new ClipWindower(TinyTraining.FRAMES, 2, 8), 24, 32, m -> { });
        augmenter = ViewAugmenter.builder().setOutputSize(TinyTraining.SIZE).optSeed(3).build();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static StaticCueSuppressor suppressor() {
        return StaticCueSuppressor.builder().setFlow(flow).optSeed(9).build();
    }

    @Test
    void theSceneOnlyBaselineTrainsOnTheMiddleFrameRepeated() {
        Clip view = augmenter.makeView(windows.windows().get(0).clip(), "v", 0, ViewKind.QUERY);
        Clip still = Method.of(Method.SCENE_ONLY, 0.5).trainedView(view);
        int middle = view.frames() / 2;
        int frameBytes = view.frameBytes();
        for (int t = 0; t < view.frames(); t++) {
            assertArrayEquals(Arrays.copyOfRange(view.rgb(), middle * frameBytes, (middle + 1) * frameBytes),
                    Arrays.copyOfRange(still.rgb(), t * frameBytes, (t + 1) * frameBytes), "frame " + t);
        }
        assertEquals(view, Method.of(Method.PLAIN, 0.5).trainedView(view), "other methods train on the view itself");
    }

    @Test
    void theTrainingWindowsAreTheIngestsWindowsOfTheTrainSplit() {
        assertEquals(4, windows.videos());
        assertEquals(12, windows.size(), "24 frames, span 7, stride 8: 3 windows a video");
        assertEquals(List.of(0, 1, 2), windows.windows().stream().limit(3).map(TrainingWindows.Window::clipIndex).toList());
        Clip first = windows.windows().get(0).clip();
        assertEquals(List.of(TinyTraining.FRAMES, 24, 32), List.of(first.frames(), first.height(), first.width()));
    }

    @Test
    void aSeedsStreamIsReproducibleAndEachPassCoversEveryWindowOnce() {
        PairStream a = new PairStream(windows, augmenter, 1);
        PairStream again = new PairStream(windows, augmenter, 1);
        PairStream other = new PairStream(windows, augmenter, 2);
        for (int pass = 0; pass < 2; pass++) {
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < windows.size(); i++) {
                PairStream.Item item = a.get(pass * windows.size() + i);
                assertEquals(pass, item.pass());
                seen.add(item.index());
                assertEquals(item.query(), again.get(pass * windows.size() + i).query());
            }
            assertEquals(windows.size(), seen.size());
        }
        List<Integer> orderA = new ArrayList<>();
        List<Integer> orderOther = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            orderA.add(a.get(i).index());
            orderOther.add(other.get(i).index());
        }
        assertNotEquals(orderA, orderOther, "another seed, another order");
        PairStream.Item first = a.get(0);
        PairStream.Item sameWindowNextPass = java.util.stream.IntStream.range(0, windows.size())
                .mapToObj(i -> a.get(windows.size() + i)).filter(item -> item.index() == first.index()).findFirst()
                .orElseThrow();
        assertNotEquals(first.query(), sameWindowNextPass.query(), "a new pass draws a new query view");
    }

    @Test
    void theBankHoldsThePlainKeyViewAndEachMethodsMotionPreservedVersionOfIt() {
        Method moco = Method.of("none", 0.5);
        Method zero = Method.of("zero", 0.5);
        Method tfd = Method.of("tfd", 0.5);
        try (StaticCueSuppressor suppressor = suppressor();
                StaticCueSuppressor zeroAlone = suppressor()) {
            KeyViewBank bank = KeyViewBank.build(windows, augmenter, 2, KeyViewBank.KeyClip.SAME, List.of(moco, zero, tfd), suppressor, 5, manager,
                    m -> { });
            TrainingWindows.Window w = windows.windows().get(4);
            long clipIndex = w.clipIndex() + KeyViewBank.VIEW_STRIDE;
            Clip plain = augmenter.makeView(w.clip(), w.videoId(), clipIndex, ViewKind.KEY);
            assertEquals(plain, bank.key(moco, 4, 1), "view 1 is the augment job's key view at clip index + 2^32");
            assertNotEquals(bank.key(moco, 4, 0), bank.key(moco, 4, 1));
            Clip expected = zeroAlone.suppress(List.of(plain), new long[] {SuppressionSeeds.forClip(w.videoId(), clipIndex)})
                    .clips().get(0);
            assertEquals(expected, bank.key(zero, 4, 1));
            assertEquals(0.0, bank.suppressedFraction(moco));
            assertEquals(0.8, bank.suppressedFraction(tfd), 0.02, "TFD keeps the 20 % most changing pixel values");
            assertTrue(bank.suppressedFraction(zero) > 0 && bank.suppressedFraction(zero) <= 1);
        }
    }

    @Test
    void independentKeyClipsAreCutFromAnyWindowOfTheSameVideoAsTheOfficialDoubleSample() {
        Method moco = Method.of("none", 0.5);
        KeyViewBank bank = KeyViewBank.build(windows, augmenter, 2, KeyViewBank.KeyClip.INDEPENDENT, List.of(moco), null,
                5, manager, m -> { });
        int fromAnotherWindow = 0;
        for (int w = 0; w < windows.size(); w++) {
            int[] sameVideo = windows.sameVideo(w);
            assertEquals(3, sameVideo.length);
            for (int view = 0; view < 2; view++) {
                TrainingWindows.Window window = windows.windows().get(w);
                var random = io.s2vc.augment.ViewRandomness.stream(augmenter.seed(), window.videoId(),
                        window.clipIndex() + view * KeyViewBank.VIEW_STRIDE, ViewKind.KEY);
                int source = sameVideo[random.nextInt(sameVideo.length)];
                assertEquals(window.videoId(), windows.windows().get(source).videoId());
                assertEquals(augmenter.makeView(windows.windows().get(source).clip(), random, ViewKind.KEY),
                        bank.key(moco, w, view));
                fromAnotherWindow += source == w ? 0 : 1;
            }
        }
        assertTrue(fromAnotherWindow > 0, "some keys come from another window of the video");
    }

    @Test
    void everyMethodAndSeedIsTrainedEvaluatedAndReported() throws Exception {
        Path out = dir.resolve("experiment");
        ExperimentResult result;
        try (StaticCueSuppressor suppressor = suppressor()) {
            result = new SceneBiasExperiment(config, ExperimentSettings.from(config), data, out, augmenter, suppressor,
                    "s2vc experiment scene-bias (test)", m -> { }).run();
        }
        assertEquals(List.of("moco", "zero@0.5", "tfd", "scene-only", "zero@0.3"), result.methods().stream()
                .map(ExperimentResult.MethodInfo::id).toList(), "the scene-only baseline runs unasked");
        assertEquals(List.of(false, false, false, false, true), result.methods().stream()
                .map(ExperimentResult.MethodInfo::sweepOnly).toList());
        assertEquals(List.of(0L, 1L), result.seeds());
        assertEquals(10, result.runs().size());
        for (RunResult run : result.runs()) {
            assertEquals(2, run.steps(), run.method());
            assertEquals(8, run.pairs(), "2 steps of batch 4");
            assertEquals(List.of(0L, 1L, 2L), run.curve().stream().map(RunResult.Point::step).toList(),
                    "the random-init floor first");
            for (RunResult.Point point : run.curve()) {
                assertEquals(2, point.ranks().length, "each evaluation keeps a rank per test query");
                assertEquals(point.metrics().get("retrieval.R@1"),
                        Arrays.stream(point.ranks()).filter(rank -> rank == 0).count() / 2.0, 1e-9);
            }
            for (String metric : List.of("retrieval.R@1", "retrieval.R@50", "linear.top1", "static_bias.background_top1")) {
                double value = run.last(metric);
                assertTrue(value >= 0 && value <= 1, metric + " = " + value);
            }
            assertTrue(Files.isDirectory(out.resolve("runs").resolve(run.method()).resolve("seed-" + run.seed())
                    .resolve("step-0000000002")), "the run's last model checkpoint is kept");
        }
        assertEquals(0.5, result.chanceR1(), 1e-9, "2 balanced classes");
        assertEquals(2, result.testQueries());
        assertEquals(12, result.trainWindows());

        ExperimentResult reread = ExperimentReport.read(out);
        assertEquals(result.runs().size(), reread.runs().size());
        for (int i = 0; i < result.runs().size(); i++) {
            assertArrayEquals(result.runs().get(i).lastRanks(), reread.runs().get(i).lastRanks(), "ranks survive the JSON");
        }
        assertEquals(List.of("object trajectories", "frame differences"),
                reread.oracles().stream().map(io.s2vc.eval.MotionOracle.Result::name).toList());
        assertEquals(1.0, reread.oracles().get(0).recall().get(1), "the true trajectories name both classes");
        assertEquals(new SanityThresholds(0.6, 0.05), reread.checks());
        assertEquals(3, reread.supervised().steps(), "the supervised ceiling ran first, on the same windows");
        assertTrue(reread.supervised().testTop1() >= 0 && reread.supervised().testTop1() <= 1);
        for (RunResult run : result.runs()) {
            RunResult.Point last = run.curve().get(run.curve().size() - 1);
            assertTrue(last.metrics().get("pretext.top1") >= 0 && last.metrics().get("pretext.top1") <= 1,
                    "the pretext's top-1 beside the evaluation");
            assertTrue(Double.isFinite(last.metrics().get("pretext.loss")));
            assertFalse(run.curve().get(0).metrics().containsKey("pretext.top1"), "no pretext before the first step");
        }
        String md = Files.readString(out.resolve(ExperimentReport.MARKDOWN));
        for (String row : List.of("| MoCo (plain key view) |", "| S²VC (set to 0, α = 0.5) |", "| TFD |", "| 0.3 |",
                "| 0.5 |", "s2vc experiment scene-bias (test)", "2 steps per run", "## Verdict",
                "## Sanity checks of the data set", "| Motion oracle: frame differences of the evaluation clips, no "
                + "learning |", "| Scene only: MoCo on static clips (one frame repeated) |",
                "| Scene only (MoCo on static clips) |", "## R@1 over training", "| step 1 | step 2 |",
                "Floor: the random-init encoder (step 0) retrieves at R@1", "Ceiling: the same encoder trained with labels")) {
            assertTrue(md.contains(row), row + " in\n" + md);
        }
        assertFalse(md.contains("| S²VC (set to 0, α = 0.3) |"), "sweep points stay out of the strategy table");
        for (String png : List.of(ExperimentReport.ALPHA_PLOT, ExperimentReport.CURVE_PLOT,
                ExperimentReport.PRETEXT_TOP1_PLOT, ExperimentReport.PRETEXT_LOSS_PLOT)) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }
        double[] mocoR1 = result.runsOf("moco").stream().mapToDouble(r -> r.last("retrieval.R@1")).toArray();
        double[] zeroR1 = result.runsOf("zero@0.5").stream().mapToDouble(r -> r.last("retrieval.R@1")).toArray();
        double meanDifference = (zeroR1[0] - mocoR1[0] + zeroR1[1] - mocoR1[1]) / 2;
        String delta = ExperimentReport.delta(reread, "zero@0.5", PairedComparison.Span.LAST);
        assertTrue(delta.startsWith(meanDifference >= 0 ? "+" : "-")
                && delta.contains(String.format(java.util.Locale.ROOT, "%.1f", 100 * Math.abs(meanDifference))), delta);
        assertArrayEquals(new double[] {result.runsOf("tfd").get(0).suppressedFraction()},
                new double[] {result.runsOf("tfd").get(1).suppressedFraction()}, "the bank is shared by the seeds");
        assertEquals(SuppressionStrategy.ZERO, Method.of("zero", 0.3).strategy());
        assertTrue(Arrays.stream(mocoR1).allMatch(Double::isFinite));
    }

    @Test
    void aResumedExperimentReusesTheRunsTrainedWithTheSameSettingsAndRetrainsTheRest() throws Exception {
        Path out = dir.resolve("resumed");
        Config mocoOnly = config.with(java.util.Map.of("experiment.methods", "none", "experiment.alphas", "",
                "experiment.seeds", "1", "experiment.supervised_steps", "0"));
        ExperimentResult first = experiment(mocoOnly, out, new ArrayList<>());

        List<String> progress = new ArrayList<>();
        ExperimentResult extended = experiment(mocoOnly.with("experiment.methods", "none,zero"), out, progress);
        assertEquals(first.settingsFingerprint(), extended.settingsFingerprint(), "the method list is not a setting of a run");
        RunResult reused = extended.run("moco", 0).orElseThrow();
        assertEquals(first.run("moco", 0).orElseThrow().trainSeconds(), reused.trainSeconds(), "MoCo reused as it was");
        assertArrayEquals(first.run("moco", 0).orElseThrow().lastRanks(), reused.lastRanks());
        assertEquals(List.of("moco", "zero@0.5", "scene-only"), extended.runs().stream().map(RunResult::method).toList());
        assertTrue(progress.contains("reusing MoCo (plain key view), seed 0 (same settings, "
                + first.settingsFingerprint() + ")"), progress.toString());
        assertTrue(progress.stream().anyMatch(line -> line.startsWith("training S²VC (set to 0, α = 0.5), seed 0")));
        assertTrue(progress.contains("making 12 key views for 1 methods"), "only the trained method's key views: " + progress);

        List<String> retrainedProgress = new ArrayList<>();
        ExperimentResult retrained = experiment(mocoOnly.with("experiment.resume", "false"), dir.resolve("fresh"),
                retrainedProgress);
        RunResult again = retrained.run("moco", 0).orElseThrow();
        for (int i = 0; i < again.curve().size(); i++) {
            assertArrayEquals(first.run("moco", 0).orElseThrow().curve().get(i).ranks(), again.curve().get(i).ranks(),
                    "what justifies reuse: the same settings train the same model, evaluation " + i);
        }

        List<String> changedProgress = new ArrayList<>();
        ExperimentResult changed = experiment(mocoOnly.with("moco.temperature", "0.1"), out, changedProgress);
        assertNotEquals(first.settingsFingerprint(), changed.settingsFingerprint());
        assertTrue(changedProgress.stream().anyMatch(line -> line.contains("its settings differ")), changedProgress.toString());
        assertTrue(changedProgress.stream().noneMatch(line -> line.startsWith("reusing")));
    }

    private ExperimentResult experiment(Config settings, Path out, List<String> progress) throws Exception {
        try (StaticCueSuppressor suppressor = suppressor()) {
            return new SceneBiasExperiment(settings, ExperimentSettings.from(settings), data, out, augmenter, suppressor,
                    "s2vc experiment scene-bias (test)", progress::add).run();
        }
    }
}
