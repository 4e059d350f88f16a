package io.s2vc.stream.runtime;

import io.s2vc.config.ConfigException;
import io.s2vc.transport.KafkaProgress;

import io.s2vc.transport.KafkaSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobInitializationException;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Kafka-fed job under an {@link InputBound}. A record bound becomes exact stopping offsets
 * (the job ends by itself, and what lies beyond stays in the topic for the next run); an idle bound
 * is watched on the broker and ends the job with a draining stop-with-savepoint, so that every
 * sink flushes and nothing in flight is lost. The job of {@link #run} starts from {@code flink.restore_from} when
 * that is set.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** Builds the job graph on {@code env}; {@code stopping} is null for an unbounded source. */
    @FunctionalInterface
    public interface JobGraph {
        void build(StreamExecutionEnvironment env, OffsetsInitializer stopping);
    }

    /** Told, about twice a second, how many input records the job's group has committed. */
    @FunctionalInterface
    public interface ProgressListener {
        ProgressListener NONE = (consumed, available) -> { };

        void progress(long consumed, long available);
    }

    private final FlinkRuntime runtime;
    private final KafkaSettings kafka;
    private final long checkpointIntervalMs;
    private ProgressListener listener = ProgressListener.NONE;

    public JobRunner(FlinkRuntime runtime, KafkaSettings kafka, long checkpointIntervalMs) {
        this.runtime = runtime;
        this.kafka = kafka;
        this.checkpointIntervalMs = checkpointIntervalMs;
    }

    public JobRunner withProgress(ProgressListener progressListener) {
        this.listener = progressListener;
        return this;
    }

    /**
     * Runs the job to its end (bounded) or until interrupted (unbounded).
     *
     * @return the result, or empty when a record bound found nothing to read
     */
    public Optional<JobExecutionResult> run(String jobName, String inputTopic, String groupId, InputBound bound,
            JobGraph graph) throws Exception {
        OffsetsInitializer stopping = null;
        if (bound.hasMaxRecords()) {
            Map<TopicPartition, Long> stop = stoppingOffsets(inputTopic, groupId, bound);
            if (stop.isEmpty()) {
                LOG.info("{}: nothing to read on {}", jobName, inputTopic);
                return Optional.empty();
            }
            stopping = OffsetsInitializer.offsets(stop);
        }
        JobClient client = submit(jobName, graph, stopping, true);
        Thread cancelOnExit = new Thread(() -> cancelQuietly(client), "cancel-" + jobName);
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        try {
            watch(client, inputTopic, groupId, stopping == null && bound.hasIdleTimeout() ? bound.idleSeconds() : 0);
            return Optional.of(client.getJobExecutionResult().get());
        } catch (ExecutionException e) {
            throw runtime.restoreFrom().isPresent() ? restoreFailure(jobName, runtime.restoreFrom().get(), e) : e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /**
     * Cancels a job at JVM exit (Ctrl-C). The embedded MiniCluster may be closing at the same moment (it
     * cancels its jobs itself), so a failed cancel is expected and not worth a stack trace.
     */
    private static void cancelQuietly(JobClient client) {
        try {
            client.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("cancelling job {} at exit: {}", client.getJobID(), e.toString());
        }
    }

    /**
     * A job that could not start from {@code flink.restore_from} (no savepoint there, or state that no operator takes:
     * a uid changed) fails in its JobMaster's initialisation, seen at the submission or in the job's result; that
     * failure gets a message that names the setting. Other failures stay as they are.
     */
    static Exception restoreFailure(String jobName, String savepoint, Exception e) {
        boolean atStart = false;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            atStart |= t instanceof JobInitializationException;
            root = t;
        }
        if (!atStart) {
            return e;
        }
        ConfigException failure = new ConfigException("job " + jobName + " could not start from the savepoint "
                + savepoint + " (flink.restore_from): " + root.getMessage());
        failure.initCause(e);
        return failure;
    }

    /** {@code restore}: whether the job starts from {@code flink.restore_from} when that is set. */
    private JobClient submit(String jobName, JobGraph graph, OffsetsInitializer stopping, boolean restore)
            throws Exception {
        StreamExecutionEnvironment env = runtime.environment(checkpointIntervalMs, restore);
        graph.build(env, stopping);
        JobClient client;
        try {
            client = env.executeAsync(jobName);
        } catch (Exception e) {
            throw restore && runtime.restoreFrom().isPresent() ? restoreFailure(jobName, runtime.restoreFrom().get(), e)
                    : e;
        }
        LOG.info("{} submitted as job {} (web UI {}){}", jobName, client.getJobID(), runtime.webAddress(),
                restore && runtime.restoreFrom().isPresent() ? ", starting from " + runtime.restoreFrom().get() : "");
        return client;
    }

    /** An unbounded job started beside others, to be drained once its input is consumed. */
    public final class BackgroundJob {
        private final JobClient client;
        private final String inputTopic;
        private final String groupId;

        private final Thread cancelOnExit;
        private boolean ended;

        private BackgroundJob(JobClient client, String inputTopic, String groupId) {
            this.client = client;
            this.inputTopic = inputTopic;
            this.groupId = groupId;
            this.cancelOnExit = new Thread(() -> cancelQuietly(client), "cancel-" + client.getJobID());
            Runtime.getRuntime().addShutdownHook(cancelOnExit); // Ctrl-C must not leave it on a remote cluster
        }

        private void forgetShutdownHook() {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }

        /**
         * Waits until the job's group has committed everything now in its input topic, then stops it with a
         * drain (so that work in flight, e.g. queued evaluations, completes). Returns false if that did not
         * happen within {@code timeout} (the job is then cancelled).
         */
        public boolean drainWhenConsumed(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            try (KafkaProgress progress = new KafkaProgress(kafka)) {
                while (progress.hasUnconsumedRecords(inputTopic, groupId)) {
                    if (client.getJobStatus().get().isGloballyTerminalState()) {
                        return false;
                    }
                    if (System.nanoTime() > deadline) {
                        client.cancel().get();
                        return false;
                    }
                    Thread.sleep(POLL.toMillis());
                }
            }
            client.stopWithSavepoint(true, runtime.savepointDirectory(), SavepointFormatType.CANONICAL).get();
            client.getJobExecutionResult().get();
            forgetShutdownHook();
            ended = true;
            return true;
        }

        /** Cancels the job unless it has ended. */
        public void cancel() throws Exception {
            if (ended) {
                return;
            }
            ended = true;
            forgetShutdownHook();
            if (!client.getJobStatus().get().isGloballyTerminalState()) {
                client.cancel().get();
            }
        }
    }

    /**
     * Starts an unbounded job on {@code inputTopic} and returns at once. It starts without state even when
     * {@code flink.restore_from} is set: that savepoint is the main job's ({@link #run}).
     */
    public BackgroundJob start(String jobName, String inputTopic, String groupId, JobGraph graph) throws Exception {
        return new BackgroundJob(submit(jobName, graph, null, false), inputTopic, groupId);
    }

    /**
     * Exactly {@code maxRecords} records after the group's position, waiting for them to arrive
     * (and taking what there is once the input stays idle, when an idle bound is set too).
     */
    Map<TopicPartition, Long> stoppingOffsets(String topic, String groupId, InputBound bound)
            throws InterruptedException {
        try (KafkaProgress progress = new KafkaProgress(kafka)) {
            Map<TopicPartition, Long> start = progress.committedOrEarliest(topic, groupId);
            long lastTotal = -1;
            long idleSince = System.nanoTime();
            while (true) {
                Map<TopicPartition, Long> end = progress.endOffsets(topic);
                long available = KafkaProgress.total(end) - KafkaProgress.total(start);
                boolean idle = bound.hasIdleTimeout()
                        && System.nanoTime() - idleSince > (long) (bound.idleSeconds() * 1e9);
                if (available >= bound.maxRecords() || idle) {
                    return allocate(start, end, Math.min(available, bound.maxRecords()));
                }
                if (available != lastTotal) {
                    lastTotal = available;
                    idleSince = System.nanoTime();
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** Spreads {@code count} records over the partitions round-robin, never past their ends. */
    static Map<TopicPartition, Long> allocate(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end,
            long count) {
        if (count <= 0) {
            return Map.of();
        }
        Map<TopicPartition, Long> stop = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        stop.putAll(start);
        long remaining = count;
        while (remaining > 0) {
            boolean progressed = false;
            for (Map.Entry<TopicPartition, Long> e : stop.entrySet()) {
                if (remaining > 0 && e.getValue() < end.getOrDefault(e.getKey(), 0L)) {
                    e.setValue(e.getValue() + 1);
                    remaining--;
                    progressed = true;
                }
            }
            if (!progressed) {
                break;
            }
        }
        return new LinkedHashMap<>(stop);
    }

    /**
     * Reports progress until the job ends; with {@code idleSeconds > 0}, drains the job once its input
     * has been idle and fully consumed for that long.
     */
    private void watch(JobClient client, String topic, String groupId, double idleSeconds) throws Exception {
        try (KafkaProgress progress = new KafkaProgress(kafka)) {
            long lastEnd = -1;
            long idleSince = System.nanoTime();
            while (!client.getJobStatus().get().isGloballyTerminalState()) {
                long end = KafkaProgress.total(progress.endOffsets(topic));
                long consumed = KafkaProgress.total(progress.committedOrEarliest(topic, groupId));
                listener.progress(consumed, end);
                if (idleSeconds <= 0) {
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                if (end != lastEnd || (consumed < end && progress.hasUnconsumedRecords(topic, groupId))) {
                    lastEnd = end;
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > (long) (idleSeconds * 1e9)) {
                    LOG.info("{} idle for {} s with everything consumed: stopping with a drain", topic, idleSeconds);
                    client.stopWithSavepoint(true, runtime.savepointDirectory(), SavepointFormatType.CANONICAL).get();
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }
}
