package io.s2vc.stream.evaluate;

import io.s2vc.avro.CheckpointEvent;
import io.s2vc.avro.EvalReport;
import io.s2vc.eval.EvalReports;
import io.s2vc.eval.EvalSettings;
import io.s2vc.eval.Evaluation;
import io.s2vc.eval.Evaluator;
import io.s2vc.stream.train.CheckpointStore;
import io.s2vc.train.CorruptCheckpointException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates each announced model checkpoint with {@link Evaluator} on one background thread, writes
 * the report files and returns an {@link EvalReport}. Used through Flink's ordered async operator:
 * checkpoints that arrive while one is being evaluated wait in its queue, which Flink keeps in its
 * state, so none is lost to a failure, and Flink checkpoints are not held up by long evaluations.
 * A checkpoint that is missing or fails its SHA-256 is skipped with a message saying why; so is one
 * whose evaluation fails or times out. The job keeps running.
 */
public final class EvaluateCheckpoints extends RichAsyncFunction<CheckpointEvent, EvalReport> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateCheckpoints.class);

    private final EvalSettings settings;
    private final String dataRoot;
    private final String cacheDir;
    private final String reportDir;
    private transient ExecutorService worker;
    private transient Evaluator evaluator;
    private transient Counter evaluated;
    private transient Counter skipped;
    /** -1 until the first evaluation; set in open(), as deserialising the function skips field initialisers. */
    private transient volatile long lastStep;
    private transient volatile double lastSeconds;

    public EvaluateCheckpoints(EvalSettings settings, String dataRoot, String cacheDir, String reportDir) {
        this.settings = settings;
        this.dataRoot = dataRoot;
        this.cacheDir = cacheDir;
        this.reportDir = reportDir;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        lastStep = -1;
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "s2vc-evaluator");
            t.setDaemon(true);
            return t;
        });
        evaluator = new Evaluator(settings, Path.of(dataRoot), Path.of(cacheDir))
                .withProgress(message -> LOG.debug("evaluate: {}", message));
        var metrics = getRuntimeContext().getMetricGroup();
        evaluated = metrics.counter("checkpointsEvaluated");
        skipped = metrics.counter("checkpointsSkipped");
        metrics.gauge("lastEvaluatedStep", () -> lastStep);
        metrics.gauge("lastEvaluationSeconds", () -> lastSeconds);
    }

    @Override
    public void asyncInvoke(CheckpointEvent event, ResultFuture<EvalReport> result) {
        worker.execute(() -> result.complete(evaluate(event)));
    }

    private List<EvalReport> evaluate(CheckpointEvent event) {
        long start = System.nanoTime();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("s2vc-eval-");
            Path local = CheckpointStore.fetch(URI.create(event.getUri()), scratch);
            Evaluation evaluation = evaluator.evaluate(local);
            Path out = Path.of(reportDir);
            EvalReports.write(out, evaluation);
            evaluated.inc();
            lastStep = evaluation.step();
            lastSeconds = (System.nanoTime() - start) / 1e9;
            LOG.info("evaluated step {} of run {} in {} s: {}", evaluation.step(), evaluation.runId(),
                    Math.round(lastSeconds), evaluation.metrics());
            return List.of(EvalReport.newBuilder().setRunId(event.getRunId()).setStep(event.getStep())
                    .setCheckpointUri(event.getUri()).setDataset(evaluation.dataset()).setMetrics(
                            Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evaluation.metrics())))
                    .setReportUri(out.toAbsolutePath().toUri().toString()).setTimeMs(evaluation.timeMs()).build());
        } catch (CorruptCheckpointException e) {
            skipped.inc();
            LOG.warn("skipping the checkpoint of step {} of run {}: {}", event.getStep(), event.getRunId(), e.getMessage());
            return List.of();
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted() || e instanceof java.nio.channels.ClosedByInterruptException
                    || e instanceof InterruptedException) {
                // the job is being cancelled (Ctrl-C); a rerun re-reads the event only if no Flink checkpoint
                // committed the group's offset past it, else `s2vc eval --checkpoint` evaluates it by hand
                LOG.info("evaluation of step {} interrupted by the job's cancellation", event.getStep());
                return List.of();
            }
            skipped.inc();
            LOG.error("evaluation of the checkpoint of step {} at {} failed, skipped: {}", event.getStep(),
                    event.getUri(), e.toString(), e);
            return List.of();
        } finally {
            deleteQuietly(scratch);
        }
    }

    @Override
    public void timeout(CheckpointEvent event, ResultFuture<EvalReport> result) {
        skipped.inc();
        LOG.warn("evaluation of the checkpoint of step {} at {} took longer than eval.timeout_minutes: skipped",
                event.getStep(), event.getUri());
        result.complete(List.of());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary folder
        }
    }

    @Override
    public void close() throws Exception {
        if (worker != null) {
            worker.shutdownNow();
            // The evaluator's native memory may be in use by an evaluation until it returns.
            if (!worker.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES)) {
                LOG.warn("an evaluation did not stop within 10 minutes; its native memory is not freed");
                evaluator = null;
            }
        }
        if (evaluator != null) {
            evaluator.close();
        }
        super.close();
    }
}
