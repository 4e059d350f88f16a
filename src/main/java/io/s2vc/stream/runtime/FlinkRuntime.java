package io.s2vc.stream.runtime;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where jobs run: a Flink cluster reached through its REST endpoint. The embedded default starts a
 * MiniCluster in this JVM (with its web UI on localhost) and submits to it exactly as to a remote
 * cluster, so the same job graphs run on both.
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
        if (!rest.isBlank()) {
            URI uri = URI.create(rest.contains("://") ? rest : "http://" + rest);
            String jar = FlinkRuntime.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            LOG.info("Submitting jobs to the Flink cluster at {}:{} with {}", uri.getHost(), uri.getPort(), jar);
            return new FlinkRuntime(null, uri.getHost(), uri.getPort(), job, new String[] {jar});
        }
        Configuration cluster = new Configuration(job);
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

    /** Settings every job gets: parallelism, no Kryo fallback, checkpoints in the work folder. */
    static Configuration jobConfiguration(Config config, Path workDir) {
        Configuration c = new Configuration();
        c.set(CoreOptions.DEFAULT_PARALLELISM, config.get(Catalogue.FLINK_PARALLELISM));
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                workDir.toAbsolutePath().resolve("flink-checkpoints").toUri().toString());
        c.set(CheckpointingOptions.SAVEPOINT_DIRECTORY,
                workDir.toAbsolutePath().resolve("flink-savepoints").toUri().toString());
        return c;
    }

    /** A fresh environment for one job, with checkpointing on. */
    public StreamExecutionEnvironment environment(long checkpointIntervalMs) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(host, port, new Configuration(jobConfiguration), jars);
        env.enableCheckpointing(checkpointIntervalMs);
        return env;
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
