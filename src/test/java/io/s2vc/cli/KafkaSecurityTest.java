package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.avro.CheckpointEvent;
import io.s2vc.config.Config;
import io.s2vc.transport.EmbeddedKafka;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.testing.TinyDataset;
import io.s2vc.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security settings from conf/ ({@code kafka.properties.*}) reach every Kafka client the product builds: a
 * broker whose only client listener is SASL_PLAINTEXT (PLAIN, one user) refuses clients without those
 * settings, and the commands given them in a profile file create the topics (admin client), ingest
 * (producer), run the augment job with the trainer (KafkaSource, exactly-once KafkaSinks of pairs, dead
 * letters and checkpoint events) and follow it (admin client and consumer of the job runner).
 */
class KafkaSecurityTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"s2vc\" password=\"s3cret\";";

    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, 16 << 20, Map.of("s2vc", "s3cret"));
        profile = dir.resolve("secure.yaml");
        Files.writeString(profile, """
                extends: cpu-tiny
                kafka:
                  properties:
                    security.protocol: SASL_PLAINTEXT
                    sasl.mechanism: PLAIN
                    sasl.jaas.config: '%s'
                """.formatted(JAAS));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaSettings settings(String... overrides) {
        return new KafkaSettings(broker.bootstrapServers(), Config.load(profile.toString(), List.of(overrides)));
    }

    @Test
    void everyClientCarriesThePassThroughSettingsAndTheyWinOverTuning() {
        KafkaSettings kafka = settings("kafka.properties.compression.type=zstd");
        for (Properties p : List.of(kafka.admin(), kafka.producer(), kafka.consumer("g"), kafka.source(), kafka.sink())) {
            assertEquals("SASL_PLAINTEXT", p.get("security.protocol"));
            assertEquals("PLAIN", p.get("sasl.mechanism"));
            assertEquals(JAAS, p.get("sasl.jaas.config"));
        }
        assertEquals("zstd", kafka.producer().get("compression.type"));
        assertEquals("zstd", kafka.sink().get("compression.type"), "the sink as the plain producer");
    }

    @Test
    void theBrokerRefusesClientsWithoutCredentials() {
        Properties plain = new Properties();
        plain.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(plain)) {
            assertThrows(ExecutionException.class,
                    () -> admin.listTopics(new ListTopicsOptions().timeoutMs(5000)).names().get());
        }
        Properties wrong = settings().admin();
        wrong.put("sasl.jaas.config", JAAS.replace("s3cret", "guess"));
        try (Admin admin = Admin.create(wrong)) {
            var e = assertThrows(ExecutionException.class,
                    () -> admin.listTopics(new ListTopicsOptions().timeoutMs(10000)).names().get());
            assertTrue(e.getCause() instanceof SaslAuthenticationException, e.getCause().toString());
        }
    }

    @Test
    void theCommandsWorkWithTheSettingsOfTheProfile() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        String[] common = {"--profile", profile.toString(), "--work", dir.resolve("work").toString(),
            "--bootstrap-servers", broker.bootstrapServers()};
        CommandLineTest.Outcome topics = CommandLineTest.run(concat(new String[] {"topics"}, common));
        assertEquals(0, topics.code(), topics.err());
        CommandLineTest.Outcome ingest = CommandLineTest.run(concat(new String[] {"ingest", data.toString()}, common));
        assertEquals(0, ingest.code(), ingest.err());
        CommandLineTest.Outcome augment = CommandLineTest.run(concat(new String[] {"augment", "--train",
            "--max-records", "8", "--checkpoint-every", "1", "--set", "suppress.strategy=tfd", "--set", "train.batch_size=4",
            "--set", "moco.queue_size=32", "--set", "kafka.delivery=exactly-once", "--set", "flink.web_ui_port=0",
            "--set", "flink.checkpoint_interval_ms=500"}, common));
        assertEquals(0, augment.code(), augment.err());

        KafkaSettings kafka = settings();
        assertEquals(8, TopicReader.read(kafka, kafka.topics().pairs(), 8, Duration.ofSeconds(30)).size(),
                "the pairs, through the exactly-once sink");
        List<Long> steps = TopicReader.read(kafka, kafka.topics().checkpoints(), 3, Duration.ofSeconds(30)).stream()
                .map(r -> Codecs.checkpointEvent().decode(r.value())).map(CheckpointEvent::getStep).toList();
        assertEquals(List.of(0L, 1L, 2L), steps, "the trainer's checkpoint events, from the random-init floor");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
