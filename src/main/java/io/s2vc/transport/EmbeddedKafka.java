package io.s2vc.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) inside this JVM: the
 * embedded default. Its data folder may be kept and reused across runs.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats {@code dataDir} if it is new, then starts the broker.
     *
     * @param port the client port, or 0 for a free one
     */
    public static EmbeddedKafka start(Path dataDir, int port, int maxMessageBytes) throws IOException {
        return start(dataDir, port, maxMessageBytes, Map.of());
    }

    /**
     * As {@link #start(Path, int, int)}, but clients must authenticate with SASL/PLAIN as one of {@code plainUsers}
     * (name → password; none = no authentication); the broker itself uses the first of them.
     */
    public static EmbeddedKafka start(Path dataDir, int port, int maxMessageBytes, Map<String, String> plainUsers)
            throws IOException {
        Files.createDirectories(dataDir);
        Path logDir = dataDir.toAbsolutePath().resolve("log");
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String listener = plainUsers.isEmpty() ? "PLAINTEXT" : "SASL_PLAINTEXT";
        p.put("listeners", listener + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", listener);
        if (!plainUsers.isEmpty()) {
            var self = plainUsers.entrySet().iterator().next();
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                    .append(" username=\"").append(self.getKey()).append("\" password=\"").append(self.getValue()).append('"');
            plainUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            p.put("sasl.enabled.mechanisms", "PLAIN");
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
        }
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // Clips are 1-3 MB: the broker must accept and replicate records of that size.
        p.put("message.max.bytes", String.valueOf(maxMessageBytes));
        p.put("replica.fetch.max.bytes", String.valueOf(maxMessageBytes));
        p.put("socket.request.max.bytes", String.valueOf(Math.max(104857600, 2 * maxMessageBytes)));

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
            try {
                new Formatter()
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .setPrintStream(new PrintStream(formatterOutput, true))
                        .run();
            } catch (Exception e) {
                throw new IOException("cannot format Kafka data folder " + logDir + ": " + e.getMessage(), e);
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        LOG.info("Embedded Kafka (KRaft) ready at {} with data in {}", bootstrap, dataDir);
        return new EmbeddedKafka(server, bootstrap);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Blocks until the broker shuts down (used by {@code s2vc broker}). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
