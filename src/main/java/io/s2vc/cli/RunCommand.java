package io.s2vc.cli;

import io.s2vc.config.Config;
import io.s2vc.kafka.KafkaSettings;
import io.s2vc.stream.augment.AugmentJob;
import io.s2vc.stream.ingest.IngestResult;
import io.s2vc.stream.ingest.IngestSource;
import io.s2vc.stream.ingest.SourceResolver;
import io.s2vc.stream.runtime.InputBound;
import io.s2vc.stream.runtime.KafkaProgress;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.stream.runtime.JobRunner;
import io.s2vc.stream.evaluate.EvaluateJob;
import io.s2vc.eval.EvalReports;
import io.s2vc.eval.Evaluation;
import io.s2vc.stream.train.CheckpointStore;
import io.s2vc.train.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline end to end on the embedded default (or the configured Kafka and Flink): "
                + "generate the synthetic data set if absent, pre-train the flow if absent, ingest the videos, "
                + "and run the augment job with the online trainer at its end until the stream has been idle; the "
                + "evaluate job evaluates every model checkpoint beside it.")
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

    @Option(names = "--max-windows-per-video", paramLabel = "N", defaultValue = "0",
            description = "Cut at most N windows from each video (0: all).")
    long maxWindowsPerVideo;

    @Override
    public Integer call() throws Exception {
        Config config = training.apply(common.config());
        Path root = data != null ? data : GenerateCommand.ensureGenerated(config, GenerateCommand.defaultRoot(common.work()));
        PretrainedFlow.ensure(config, common, data);
        var suppression = PretrainedFlow.suppression(config, common.work());
        TrainingSettings trainer = config.getBoolean("train.enabled") ? training.settings(config, common.work()) : null;
        List<IngestSource> sources = new SourceResolver(config.getInt("ingest.split"), config.getString("ingest.subset"))
                .resolve(List.of(root.toString()));
        long start = System.nanoTime();
        try (Platform platform = new Platform(config, common.work());
                ProgressBar bar = new ProgressBar("ingest", sources.size(), "videos")) {
            KafkaSettings kafka = platform.kafka();
            Totals before = Totals.read(kafka, AugmentJob.groupId(config));
            System.err.println("Kafka at " + kafka.bootstrapServers() + "; Flink web UI at " + platform.flink().webAddress());
            CompletableFuture<IngestResult> ingest = CompletableFuture.supplyAsync(() -> {
                try {
                    return IngestCommand.ingest(platform, sources, maxWindowsPerVideo, bar);
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            JobRunner.BackgroundJob evaluate = trainer == null ? null : startEvaluation(platform, config, root);
            try {
                InputBound bound = follow ? InputBound.UNBOUNDED : new InputBound(0, untilIdle);
                platform.jobRunner()
                        .withProgress((consumed, available) -> bar.extra("| augment: " + (consumed - before.clipsConsumed)
                                + " of " + (available - before.clips) + " new clips done"))
                        .run(AugmentJob.NAME, kafka.topics().clips(), AugmentJob.groupId(config), bound,
                        (env, stopping) -> AugmentJob.build(env, config, kafka, stopping, suppression, trainer));
                IngestResult ingested = ingest.join();
                Totals after = Totals.read(kafka, AugmentJob.groupId(config));
                System.out.println(IngestCommand.summary(ingested));
                System.out.printf(Locale.ROOT, "augment: %d positive pairs on %s, %d dead letters on %s; %.1f s in all%n",
                        after.pairs - before.pairs, kafka.topics().pairs(), after.deadLetters - before.deadLetters,
                        kafka.topics().deadLetter(), (System.nanoTime() - start) / 1e9);
                if (trainer != null) {
                    System.out.println(trainingSummary(trainer, kafka, after.checkpointEvents - before.checkpointEvents));
                    System.err.println("waiting for the evaluate job to finish the checkpoints' evaluations");
                    boolean drained = evaluate.drainWhenConsumed(java.time.Duration.ofMinutes(config.getLong("eval.timeout_minutes")));
                    System.out.println(evaluationSummary(reports(), drained));
                }
            } finally {
                if (evaluate != null) {
                    evaluate.cancel(); // nothing to do once drained; after a failure or Ctrl-C it must not linger
                }
            }
        }
        return 0;
    }

    private Path reports() {
        return (out != null ? out : common.work().resolve("reports")).toAbsolutePath();
    }

    /** The evaluate job, on the data set being trained on unless eval.data names another one. */
    private JobRunner.BackgroundJob startEvaluation(Platform platform, Config config, Path trainingData) throws Exception {
        String configured = config.getString("eval.data");
        Path data = (configured.isBlank() ? trainingData : Path.of(configured)).toAbsolutePath();
        EvalOptions.requireDataset(data, config, common.work());
        KafkaSettings kafka = platform.kafka();
        String cache = EvalOptions.cache(common.work()).toString();
        return platform.jobRunner().start(EvaluateJob.NAME, kafka.topics().checkpoints(), EvaluateJob.groupId(config),
                (env, stopping) -> EvaluateJob.build(env, config, kafka, stopping, data.toString(), cache,
                        reports().toString()));
    }

    /** The newest evaluation in the report folder. */
    static String evaluationSummary(Path reports, boolean drained) throws Exception {
        List<Evaluation> history = EvalReports.history(reports);
        if (history.isEmpty()) {
            return "evaluate: no evaluation yet" + (drained ? "" : " (the evaluate job did not finish in time)");
        }
        Evaluation last = history.get(history.size() - 1);
        long ofThisRun = history.stream().filter(e -> e.runId().equals(last.runId())).count();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "evaluate: %d checkpoints of the run evaluated; step %d:", ofThisRun, last.step()));
        for (String metric : List.of("retrieval.R@1", "retrieval.R@5", "linear.top1", "temporal_order.accuracy",
                "static_bias.background_top1")) {
            Double v = last.metrics().get(metric);
            if (v != null) {
                line.append(String.format(Locale.ROOT, " %s %.3f", metric, v));
            }
        }
        return line.append("; report ").append(reports.resolve(EvalReports.MARKDOWN)).toString();
    }

    /** What the trainer left: the newest model checkpoint and the events published. */
    static String trainingSummary(TrainingSettings trainer, KafkaSettings kafka, long events) throws Exception {
        var run = new CheckpointStore(trainer.checkpointDir()).latestRun();
        List<Long> steps = run.isPresent() ? run.get().steps() : List.of();
        if (steps.isEmpty()) {
            return "train: no model checkpoint yet (fewer than train.batch_size = " + trainer.batchSize() + " pairs?)";
        }
        Path scratch = java.nio.file.Files.createTempDirectory("s2vc-checkpoint-");
        CheckpointStore store = run.get();
        var newest = io.s2vc.train.ModelCheckpoint.verify(CheckpointStore.fetch(store.uri(steps.get(steps.size() - 1)), scratch));
        return String.format(Locale.ROOT, "train: %s model at step %d (loss %s, %d pairs seen); %d checkpoints kept in "
                + "%s, %d events on %s", newest.backbone(), newest.step(), newest.loss() == null ? "-"
                : String.format(Locale.ROOT, "%.3f", newest.loss()), newest.pairsSeen(), steps.size(), store.root(),
                events, kafka.topics().checkpoints());
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
