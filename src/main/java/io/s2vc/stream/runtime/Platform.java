package io.s2vc.stream.runtime;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.transport.EmbeddedKafka;
import io.s2vc.transport.KafkaSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka and Flink that a command talks to: external ones when configured, else the embedded
 * default (a KRaft broker whose data lives in the work folder, and a MiniCluster), started on first
 * use and stopped on close, or at JVM exit (Ctrl-C) if the command is interrupted before it closes
 * them: the MiniCluster first (it cancels its jobs), then the broker, so that its log is closed cleanly.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    private final Config config;
    private final Path workDir;
    private EmbeddedKafka embeddedKafka;
    private KafkaSettings kafka;
    private FlinkRuntime flink;
    private Thread closeOnExit;

    public Platform(Config config, Path workDir) {
        this.config = config;
        this.workDir = workDir;
    }

    public Config config() {
        return config;
    }

    public Path workDir() {
        return workDir;
    }

    /** Kafka client settings, starting the embedded broker and creating the topics if needed. */
    public synchronized KafkaSettings kafka() throws IOException {
        if (kafka == null) {
            String bootstrap = config.get(Catalogue.KAFKA_BOOTSTRAP_SERVERS);
            if (bootstrap.isBlank()) {
                Path data = workDir.resolve("kafka");
                closeAtExit();
                try {
                    embeddedKafka = EmbeddedKafka.start(data, 0, config.get(Catalogue.KAFKA_MAX_MESSAGE_BYTES));
                } catch (RuntimeException e) {
                    throw new IOException("cannot start the embedded Kafka in " + data + " (is another s2vc "
                            + "using this work folder? then pass --bootstrap-servers): " + e.getMessage(), e);
                }
                bootstrap = embeddedKafka.bootstrapServers();
            }
            kafka = new KafkaSettings(bootstrap, config);
            kafka.topics().ensureExist(kafka);
        }
        return kafka;
    }

    public synchronized FlinkRuntime flink() throws Exception {
        if (flink == null) {
            closeAtExit();
            flink = FlinkRuntime.start(config, workDir);
        }
        return flink;
    }

    public JobRunner jobRunner() throws Exception {
        return new JobRunner(flink(), kafka(), config.get(Catalogue.FLINK_CHECKPOINT_INTERVAL_MS));
    }

    private void closeAtExit() {
        if (closeOnExit == null) {
            closeOnExit = new Thread(() -> {
                try {
                    long start = System.nanoTime();
                    System.err.println("stopping the embedded Flink and Kafka (their state stays in " + workDir
                            + "; the same command resumes from there)");
                    closeEmbedded();
                    System.err.printf(java.util.Locale.ROOT, "stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
                } catch (Exception e) {
                    LOG.warn("closing the embedded Kafka and Flink at exit: {}", e.toString());
                }
            }, "s2vc-platform-exit");
            Runtime.getRuntime().addShutdownHook(closeOnExit);
        }
    }

    @Override
    public synchronized void close() throws Exception {
        if (closeOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already (or about to): it closes the same things, under the same lock
            }
            closeOnExit = null;
        }
        closeEmbedded();
    }

    private synchronized void closeEmbedded() throws Exception {
        if (flink != null) {
            long start = System.nanoTime();
            flink.close();
            flink = null;
            LOG.info("Flink MiniCluster closed in {} ms", (System.nanoTime() - start) / 1_000_000);
        }
        if (embeddedKafka != null) {
            long start = System.nanoTime();
            embeddedKafka.close();
            embeddedKafka = null;
            LOG.info("embedded Kafka closed in {} ms", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
