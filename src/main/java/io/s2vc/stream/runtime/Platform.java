package io.s2vc.stream.runtime;

import io.s2vc.config.Config;
import io.s2vc.kafka.EmbeddedKafka;
import io.s2vc.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Kafka and Flink that a command talks to: external ones when configured, else the embedded
 * default (a KRaft broker whose data lives in the work folder, and a MiniCluster), started on first
 * use and stopped on close.
 */
public final class Platform implements AutoCloseable {
    private final Config config;
    private final Path workDir;
    private EmbeddedKafka embeddedKafka;
    private KafkaSettings kafka;
    private FlinkRuntime flink;

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
            String bootstrap = config.getString("kafka.bootstrap_servers");
            if (bootstrap.isBlank()) {
                Path data = workDir.resolve("kafka");
                try {
                    embeddedKafka = EmbeddedKafka.start(data, 0, config.getInt("kafka.max_message_bytes", 1024));
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
            flink = FlinkRuntime.start(config, workDir);
        }
        return flink;
    }

    public JobRunner jobRunner() throws Exception {
        return new JobRunner(flink(), kafka(), config.getLong("flink.checkpoint_interval_ms"));
    }

    @Override
    public synchronized void close() throws Exception {
        if (flink != null) {
            flink.close();
            flink = null;
        }
        if (embeddedKafka != null) {
            embeddedKafka.close();
            embeddedKafka = null;
        }
    }
}
