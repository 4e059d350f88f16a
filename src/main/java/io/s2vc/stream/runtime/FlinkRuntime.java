package io.s2vc.stream.runtime;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.config.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where jobs run: a Flink cluster reached through its REST endpoint. The embedded default starts a
 * MiniCluster in this JVM (with its web UI on localhost) and submits to it exactly as to a remote
 * cluster, so the same job graphs run on both.
 *
 * <p>With {@code flink.restore_from} set, jobs start from that savepoint or retained checkpoint
 * ({@link #environment(long)}): every operator state in it must find its operator by uid (no
 * {@code allowNonRestoredState}), so a job whose uids changed fails at its start instead of silently
 * starting over.
 */
public final class FlinkRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkRuntime.class);
    /** Slots of each embedded TaskManager: room for the augment, train and evaluate jobs at once. */
    private static final int EMBEDDED_SLOTS = 8;

    private final MiniCluster miniCluster;
    private final String host;
    private final int port;
    private final Configuration jobConfiguration;
    private final String[] jars;

    private FlinkRuntime(MiniCluster miniCluster, String host, int port, Configuration jobConfiguration,
            String[] jars) {
        this.miniCluster = miniCluster;
        this.host = host;
        this.port = port;
        this.jobConfiguration = jobConfiguration;
        this.jars = jars;
    }

    /** An embedded MiniCluster, or the cluster named by {@code flink.rest_address}. */
    public static FlinkRuntime start(Config config, Path workDir) throws Exception {
        Configuration job = jobConfiguration(config, workDir);
        String rest = config.get(Catalogue.FLINK_REST_ADDRESS);
        Optional<String> restore = restorePath(job);
        if (!rest.isBlank()) {
            // The path is the JobManager's to read (in docker-compose, /s2vc/work/...): Flink checks it at the start.
            restore.ifPresent(path -> LOG.info("Jobs start from the savepoint {}", path));
            URI uri = URI.create(rest.contains("://") ? rest : "http://" + rest);
            String jar = FlinkRuntime.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            LOG.info("Submitting jobs to the Flink cluster at {}:{} with {}", uri.getHost(), uri.getPort(), jar);
            return new FlinkRuntime(null, uri.getHost(), uri.getPort(), job, new String[] {jar});
        }
        if (restore.isPresent()) {
            checkSavepoint(restore.get());
            LOG.info("Jobs start from the savepoint {}", restore.get());
        }
        Configuration cluster = new Configuration(job);
        cluster.removeConfig(StateRecoveryOptions.SAVEPOINT_PATH); // the job's setting, not the cluster's
        int uiPort = config.get(Catalogue.FLINK_WEB_UI_PORT);
        cluster.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        cluster.set(RestOptions.ADDRESS, "127.0.0.1");
        cluster.set(RestOptions.BIND_PORT, uiPort == 0 ? "0" : uiPort + "-" + (uiPort + 20));
        cluster.set(TaskManagerOptions.NUM_TASK_SLOTS, EMBEDDED_SLOTS);
        MiniCluster miniCluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(cluster)
                .setNumTaskManagers(config.get(Catalogue.FLINK_EMBEDDED_TASK_MANAGERS))
                .setNumSlotsPerTaskManager(EMBEDDED_SLOTS)
                .build());
        miniCluster.start();
        URI address = miniCluster.getRestAddress().get();
        LOG.info("Embedded Flink MiniCluster, web UI at {}", address);
        return new FlinkRuntime(miniCluster, address.getHost(), address.getPort(), job, new String[0]);
    }

    /**
     * Settings every job gets: parallelism, no Kryo fallback, checkpoints in the work folder, and the savepoint of
     * {@code flink.restore_from} to start from, if any.
     */
    static Configuration jobConfiguration(Config config, Path workDir) {
        Configuration c = new Configuration();
        c.set(CoreOptions.DEFAULT_PARALLELISM, config.get(Catalogue.FLINK_PARALLELISM));
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                workDir.toAbsolutePath().resolve("flink-checkpoints").toUri().toString());
        c.set(CheckpointingOptions.SAVEPOINT_DIRECTORY,
                workDir.toAbsolutePath().resolve("flink-savepoints").toUri().toString());
        String restore = config.get(Catalogue.FLINK_RESTORE_FROM);
        if (!restore.isEmpty()) {
            // allowNonRestoredState false: state whose uid no operator has (a renamed or removed operator) fails the
            // job. NO_CLAIM (Flink's default, said here because it matters): Flink never deletes the savepoint.
            SavepointRestoreSettings.toConfiguration(
                    SavepointRestoreSettings.forPath(savepointUri(restore), false, RecoveryClaimMode.NO_CLAIM), c);
        }
        return c;
    }

    /** A path without a scheme is a local one (made absolute); a URI ({@code file:}, {@code s3:}, ...) stays as is. */
    static String savepointUri(String value) {
        if (value.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            return value;
        }
        String uri = Path.of(value).toAbsolutePath().normalize().toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri; // toUri() of a folder ends in a slash
    }

    private static Optional<String> restorePath(Configuration job) {
        return job.getOptional(StateRecoveryOptions.SAVEPOINT_PATH);
    }

    /**
     * Fails at once, before anything starts, if the embedded cluster would not find a savepoint at {@code uri}: a
     * folder with a {@code _metadata} file, or that file itself (what Flink accepts). Only local paths are checked
     * here; Flink reports other file systems when the job starts.
     */
    static void checkSavepoint(String uri) {
        Path path;
        try {
            URI parsed = URI.create(uri);
            if (!"file".equalsIgnoreCase(parsed.getScheme())) {
                return;
            }
            path = Path.of(parsed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("flink.restore_from: '" + uri + "' is neither a path nor a usable URI: "
                    + e.getMessage());
        }
        if (!Files.exists(path)) {
            throw new ConfigException("flink.restore_from: no savepoint at " + path + " (no such file or folder)");
        }
        Path metadata = Files.isDirectory(path) ? path.resolve("_metadata") : path;
        if (!Files.isRegularFile(metadata) || !metadata.getFileName().toString().equals("_metadata")) {
            throw new ConfigException("flink.restore_from: " + path + " is not a savepoint or retained checkpoint (no "
                    + "_metadata file there; give the folder Flink wrote, e.g. WORK/flink-savepoints/savepoint-...)");
        }
    }

    /**
     * A fresh environment for one job, with checkpointing on, which starts from {@code flink.restore_from} when that is
     * set.
     */
    public StreamExecutionEnvironment environment(long checkpointIntervalMs) {
        return environment(checkpointIntervalMs, true);
    }

    /**
     * A fresh environment for one job, with checkpointing on; with {@code restore} false it starts without state even
     * when {@code flink.restore_from} is set (a job started beside the one restored, whose operators the savepoint
     * does not have).
     */
    public StreamExecutionEnvironment environment(long checkpointIntervalMs, boolean restore) {
        Configuration configuration = new Configuration(jobConfiguration);
        if (!restore) {
            configuration.removeConfig(StateRecoveryOptions.SAVEPOINT_PATH);
        }
        // The remote environment keeps execution.savepoint.path from this configuration (it only resets
        // allowNonRestoredState to false and the claim mode to NO_CLAIM, our settings anyway); the client
        // puts it into the job graph (PipelineExecutorUtils.getStreamGraph, Flink 2.2).
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(host, port, configuration, jars);
        env.enableCheckpointing(checkpointIntervalMs);
        return env;
    }

    /** The savepoint jobs start from ({@code flink.restore_from} as a URI), if one is set. */
    public Optional<String> restoreFrom() {
        return restorePath(jobConfiguration);
    }

    /** The web UI / REST address, e.g. http://127.0.0.1:8081. */
    public String webAddress() {
        return "http://" + host + ":" + port;
    }

    public boolean isEmbedded() {
        return miniCluster != null;
    }

    public String savepointDirectory() {
        return jobConfiguration.get(CheckpointingOptions.SAVEPOINT_DIRECTORY);
    }

    /**
     * Closes the embedded MiniCluster. Jobs still running (after Ctrl-C) are cancelled first and awaited, so
     * that their tasks end as CANCELED instead of failing noisily when the TaskManager goes away under them.
     */
    @Override
    public void close() throws Exception {
        if (miniCluster == null) {
            return;
        }
        try {
            for (var job : miniCluster.listJobs().get(10, java.util.concurrent.TimeUnit.SECONDS)) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    miniCluster.cancelJob(job.getJobId());
                    miniCluster.requestJobResult(job.getJobId()).get(30, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            LOG.debug("cancelling the jobs before closing the MiniCluster: {}", e.toString());
        } finally {
            miniCluster.close();
        }
    }
}
