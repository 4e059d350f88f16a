package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.augment.AugmentJob;
import io.s2vc.transport.ingest.IngestPasses;
import io.s2vc.transport.ingest.IngestSource;
import io.s2vc.transport.ingest.SourceResolver;
import io.s2vc.stream.runtime.InputBound;
import io.s2vc.transport.KafkaProgress;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.stream.runtime.JobRunner;
import io.s2vc.stream.evaluate.EvaluateJob;
import io.s2vc.eval.EvalReports;
import io.s2vc.eval.Evaluation;
import io.s2vc.eval.Evaluator;
import io.s2vc.stream.train.CheckpointStore;
import io.s2vc.train.ModelCheckpoint;
import io.s2vc.train.ModelCheckpointStore;
import io.s2vc.train.TrainingSettings;
import io.s2vc.util.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline end to end on the embedded default (or the configured Kafka and Flink): "
                + "generate the synthetic data set if absent, pre-train the flow if absent, ingest the videos, "
                + "and run the augment job with the online trainer at its end until the stream has been idle; the "
                + "evaluate job evaluates every model checkpoint beside it. A rerun in the same work folder does "
                + "not publish the data set again and continues training from the newest model checkpoint.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", paramLabel = "DIR", description = "Evaluation report folder (default: WORK/reports).")
    Path out;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A UCF101- or HMDB51-layout folder (default: the synthetic set in WORK/data/synthetic).")
    Path data;

    @Option(names = "--until-idle", paramLabel = "SECONDS", defaultValue = "15",
            description = "Stop once no new clip has arrived and all are processed for this long (default: ${DEFAULT-VALUE}).")
    double untilIdle;

    @Option(names = "--follow", description = "Run unbounded: keep processing new clips until Ctrl-C.")
    boolean follow;

    @Option(names = "--steps", paramLabel = "N",
            description = "Training budget in optimiser steps (default: run.steps, else train.max_steps; 0 = one pass "
                    + "over the data set, unbounded training): the trainer checkpoints step N and trains no further; when "
                    + "N x train.batch_size windows are more than one pass over the data set, the data set is published "
                    + "again (new views) until they are there.")
    Long steps;

    @Option(names = "--max-windows-per-video", paramLabel = "N", defaultValue = "0",
            description = "Cut at most N windows from each video (0: all).")
    long maxWindowsPerVideo;

    @Override
    public Integer call() throws Exception {
        Config config = withBudget(training.apply(common.config()));
        Path root = data != null ? data : GenerateCommand.ensureGenerated(config, GenerateCommand.defaultRoot(common.work()));
        PretrainedFlow.ensure(config, common, data);
        var suppression = PretrainedFlow.suppression(config, common.work());
        TrainingSettings trainer = config.get(Catalogue.TRAIN_ENABLED) ? training.settings(config, common.work()) : null;
        List<IngestSource> sources = new SourceResolver(config.get(Catalogue.INGEST_SPLIT), config.get(Catalogue.INGEST_SUBSET))
                .resolve(List.of(root.toString()));
        Optional<ModelCheckpointStore.Resumable> resuming = trainer == null ? Optional.empty() : resumable(trainer);
        resuming.ifPresent(from -> System.out.println("resuming run " + from.runId() + " at step " + from.step()));
        long start = System.nanoTime();
        try (Platform platform = new Platform(config, common.work());
                ProgressBar bar = new ProgressBar("ingest", sources.size(), "videos")) {
            KafkaSettings kafka = platform.kafka();
            Totals before = Totals.read(kafka, AugmentJob.groupId(config));
            System.err.println("Kafka at " + kafka.bootstrapServers() + "; Flink web UI at " + platform.flink().webAddress());
            IngestPasses passes = new IngestPasses(common.work(), identity(config, kafka, sources));
            Optional<IngestPasses.Marker> published = passes.done(before.clips);
            // Pairs the budget needs; 0 (unbounded) asks for the one pass every run publishes.
            long wanted = trainer == null ? 0 : Math.multiplyExact(trainer.maxSteps(), (long) trainer.batchSize());
            boolean nothingToIngest = IngestPasses.covers(published, wanted);
            if (nothingToIngest) {
                bar.resumeFrom(sources.size());
                System.out.println(ingestSkipped(published.get(), kafka.topics().clips()));
            }
            CompletableFuture<IngestPasses.Outcome> ingest = CompletableFuture.supplyAsync(() -> {
                try {
                    return passes.publish(published, wanted, (pass, limit) -> {
                        if (pass > published.map(IngestPasses.Marker::passes).orElse(0)) {
                            bar.extendTotal(sources.size());
                        }
                        return IngestCommand.ingest(platform, sources, maxWindowsPerVideo, pass, limit, bar);
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            JobRunner.BackgroundJob evaluate = trainer == null ? null : startEvaluation(platform, config, root);
            try {
                InputBound bound = follow ? InputBound.UNBOUNDED : new InputBound(0, untilIdle);
                platform.jobRunner()
                        // Clips an interrupted run left unconsumed are this run's work too, not only new ones.
                        .withProgress((consumed, available) -> bar.extra("| augment: " + (consumed - before.clipsConsumed)
                                + " of " + (available - before.clipsConsumed) + " clips done"))
                        .run(AugmentJob.NAME, kafka.topics().clips(), AugmentJob.groupId(config), bound,
                        (env, stopping) -> AugmentJob.build(env, config, kafka, stopping, suppression, trainer));
                IngestPasses.Outcome ingested = ingest.join();
                Totals after = Totals.read(kafka, AugmentJob.groupId(config));
                bar.close();
                if (!nothingToIngest) {
                    System.out.println(ingestSummary(ingested));
                }
                System.out.printf(Locale.ROOT, "augment: %d positive pairs on %s, %d dead letters on %s; %.1f s in all%n",
                        after.pairs - before.pairs, kafka.topics().pairs(), after.deadLetters - before.deadLetters,
                        kafka.topics().deadLetter(), (System.nanoTime() - start) / 1e9);
                if (trainer != null) {
                    TrainedRun run = trainingSummary(trainer, kafka, after.checkpointEvents - before.checkpointEvents,
                            resuming);
                    System.out.println(run.summary());
                    System.err.println("waiting for the evaluate job to finish the checkpoints' evaluations");
                    boolean drained = evaluate.drainWhenConsumed(java.time.Duration.ofMinutes(config.get(Catalogue.EVAL_TIMEOUT_MINUTES)));
                    System.out.println(evaluationSummary(reports(), drained, run.runId()));
                }
            } finally {
                if (evaluate != null) {
                    evaluate.cancel(); // nothing to do once drained; after a failure or Ctrl-C it must not linger
                }
            }
        }
        return 0;
    }

    private Config withBudget(Config config) {
        Long steps = this.steps;
        if (steps == null) {
            long profileSteps = config.get(Catalogue.RUN_STEPS);
            if (profileSteps == 0) {
                return config;
            }
            steps = profileSteps;
        }
        if (steps < 0) {
            throw new UserException("--steps must be >= 0 (0 = unbounded), got " + steps);
        }
        return config.with(Catalogue.TRAIN_MAX_STEPS, steps);
    }

    /** The checkpoint the trainer will continue from (it decides the same way), if it resumes at all. */
    private static Optional<ModelCheckpointStore.Resumable> resumable(TrainingSettings trainer) throws IOException {
        if (!trainer.resume()) {
            return Optional.empty();
        }
        return new CheckpointStore(trainer.checkpointDir()).resumable(trainer.runId())
                .filter(from -> from.manifest().modelMismatch(trainer).isEmpty());
    }

    /** What the ingest marker must match: the sources, every setting that shapes their windows, and the topic. */
    private IngestPasses.Identity identity(Config config, KafkaSettings kafka, List<IngestSource> sources) {
        String windowing = String.format(Locale.ROOT, "frames %d, frame_step %d, stride %d, %dx%d, max %d per video",
                config.get(Catalogue.CLIP_FRAMES), config.get(Catalogue.CLIP_FRAME_STEP), config.get(Catalogue.CLIP_STRIDE),
                config.get(Catalogue.INGEST_HEIGHT), config.get(Catalogue.INGEST_WIDTH), maxWindowsPerVideo);
        return new IngestPasses.Identity(sources.stream().map(IngestSource::uri).toList(), windowing,
                kafka.topics().clips());
    }

    /** One line: why this run publishes nothing. */
    static String ingestSkipped(IngestPasses.Marker done, String topic) {
        return String.format(Locale.ROOT, "ingest: skipped, %s already holds the data set (%d windows in %d %s, see %s)",
                topic, done.windows(), done.passes(), done.passes() == 1 ? "pass" : "passes", IngestPasses.MARKER_FILE);
    }

    /** One line: what this run published. */
    static String ingestSummary(IngestPasses.Outcome outcome) {
        String passes = outcome.passes() == 1 && outcome.firstPass() == 0 ? ""
                : outcome.passes() == 1 ? " (pass " + outcome.firstPass() + ")"
                : " (passes " + outcome.firstPass() + "-" + (outcome.firstPass() + outcome.passes() - 1) + ")";
        return IngestCommand.summary(outcome.published()) + passes;
    }

    private Path reports() {
        return (out != null ? out : common.work().resolve("reports")).toAbsolutePath();
    }

    /** The evaluate job, on the data set being trained on unless eval.data names another one. */
    private JobRunner.BackgroundJob startEvaluation(Platform platform, Config config, Path trainingData) throws Exception {
        String configured = config.get(Catalogue.EVAL_DATA);
        Path data = (configured.isBlank() ? trainingData : Path.of(configured)).toAbsolutePath();
        EvalOptions.requireDataset(data, config, common.work());
        KafkaSettings kafka = platform.kafka();
        String cache = EvalOptions.cache(common.work()).toString();
        return platform.jobRunner().start(EvaluateJob.NAME, kafka.topics().checkpoints(), EvaluateJob.groupId(config),
                (env, stopping) -> EvaluateJob.build(env, config, kafka, stopping, data.toString(), cache,
                        reports().toString()));
    }

    /** The R@1 entries shown at most: a long run shows its first, evenly spaced and last checkpoints. */
    private static final int MAX_STEPS_SHOWN = 10;

    /**
     * What the evaluations of run {@code runId} (or, when null, of the newest evaluated run) learned: R@1 against
     * the step, the static-bias score, the newest linear accuracy, and where the report and plots are.
     */
    static String evaluationSummary(Path reports, boolean drained, String runId) throws Exception {
        List<Evaluation> history = EvalReports.history(reports);
        String run = runId != null ? runId : history.isEmpty() ? null : history.get(history.size() - 1).runId();
        List<Evaluation> ofRun = history.stream().filter(e -> e.runId().equals(run))
                .sorted(Comparator.comparingLong(Evaluation::step)).toList();
        if (ofRun.isEmpty()) {
            return "evaluate: no evaluation yet" + (drained ? "" : " (the evaluate job did not finish in time)");
        }
        Evaluation last = ofRun.get(ofRun.size() - 1);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "evaluate: %d checkpoints of run %s evaluated%s",
                ofRun.size(), run, drained ? "" : " (the evaluate job did not finish in time)"));
        text.append("\n  R@1 by step: ").append(String.join(" · ", shownSteps(ofRun).stream()
                .map(e -> e.step() + " " + format(e.metrics().get("retrieval.R@1"))).toList()));
        Double low = last.metrics().get("retrieval.R@1" + Evaluator.CI_LOW);
        Double high = last.metrics().get("retrieval.R@1" + Evaluator.CI_HIGH);
        if (low != null && high != null) {
            text.append(String.format(Locale.ROOT, "%n  R@1 at step %d: %s, 95 %% interval %s–%s over the%s test queries",
                    last.step(), format(last.metrics().get("retrieval.R@1")), format(low), format(high),
                    last.retrievalRanks() == null ? "" : " " + last.retrievalRanks().length));
        }
        Double bias = last.metrics().get("static_bias.background_top1");
        if (bias != null) {
            text.append(String.format(Locale.ROOT, "%n  static bias at step %d: background top-1 %s against chance %s "
                    + "(lower = less scene bias)", last.step(), format(bias),
                    format(last.metrics().get("static_bias.background_chance"))));
        }
        text.append(String.format(Locale.ROOT, "%n  linear top-1 at step %d: %s (R@5 %s, temporal order %s)", last.step(),
                format(last.metrics().get("linear.top1")), format(last.metrics().get("retrieval.R@5")),
                format(last.metrics().get("temporal_order.accuracy"))));
        text.append("\n  report: ").append(reports.resolve(EvalReports.MARKDOWN));
        List<String> plots = EvalReports.PLOTS.stream().filter(p -> Files.isRegularFile(reports.resolve(p))).toList();
        if (!plots.isEmpty()) {
            text.append("; plots: ").append(String.join(", ", plots)).append(" beside it");
        }
        return text.toString();
    }

    /** At most {@link #MAX_STEPS_SHOWN} evaluations, evenly spaced, always with the first and the last. */
    static List<Evaluation> shownSteps(List<Evaluation> ofRun) {
        if (ofRun.size() <= MAX_STEPS_SHOWN) {
            return ofRun;
        }
        List<Evaluation> shown = new ArrayList<>();
        for (int i = 0; i < MAX_STEPS_SHOWN; i++) {
            shown.add(ofRun.get((int) Math.round(i * (ofRun.size() - 1) / (double) (MAX_STEPS_SHOWN - 1))));
        }
        return shown;
    }

    private static String format(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** The run the trainer wrote to (null when it wrote no checkpoint) and a line saying what it left. */
    record TrainedRun(String runId, String summary) {
    }

    /** What the trainer left: the newest model checkpoint and the events published. */
    static TrainedRun trainingSummary(TrainingSettings trainer, KafkaSettings kafka, long events,
            Optional<ModelCheckpointStore.Resumable> resumedFrom) throws Exception {
        var run = new CheckpointStore(trainer.checkpointDir()).latestRun();
        List<Long> steps = run.isPresent() ? run.get().steps() : List.of();
        if (steps.isEmpty()) {
            return new TrainedRun(null, "train: no model checkpoint yet (fewer than train.batch_size = "
                    + trainer.batchSize() + " pairs?)");
        }
        Path scratch = Files.createTempDirectory("s2vc-checkpoint-");
        try {
            CheckpointStore store = run.get();
            var newest = ModelCheckpoint.verify(CheckpointStore.fetch(store.uri(steps.get(steps.size() - 1)), scratch));
            String continued = resumedFrom.filter(from -> from.runId().equals(newest.runId()))
                    .map(from -> ", continued from step " + from.step()).orElse("");
            String budget = trainer.budgetSpentAt(newest.step()) ? ", the budget of " + trainer.maxSteps() + " steps" : "";
            return new TrainedRun(newest.runId(), String.format(Locale.ROOT, "train: %s model at step %d%s%s (loss %s, "
                    + "%d pairs seen); %d checkpoints kept in %s, %d events on %s", newest.backbone(),
                    newest.step(), budget, continued, format(newest.loss()), newest.pairsSeen(),
                    steps.size(), store.root(), events, kafka.topics().checkpoints()));
        } finally {
            Folders.deleteRecursively(scratch);
        }
    }

    /** Record counts of the output topics, to report what this run added. */
    private record Totals(long clips, long clipsConsumed, long pairs, long deadLetters, long checkpointEvents) {
        static Totals read(KafkaSettings kafka, String groupId) {
            try (KafkaProgress progress = new KafkaProgress(kafka)) {
                return new Totals(KafkaProgress.total(progress.endOffsets(kafka.topics().clips())),
                        KafkaProgress.total(progress.committedOrEarliest(kafka.topics().clips(), groupId)),
                        KafkaProgress.total(progress.endOffsets(kafka.topics().pairs())),
                        KafkaProgress.total(progress.endOffsets(kafka.topics().deadLetter())),
                        KafkaProgress.total(progress.endOffsets(kafka.topics().checkpoints())));
            }
        }
    }
}
