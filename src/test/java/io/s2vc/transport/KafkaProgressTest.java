package io.s2vc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.config.Config;
import io.s2vc.transport.EmbeddedKafka;
import io.s2vc.transport.KafkaSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consumption of a transactional topic, where commit markers take offsets no reader commits. */
class KafkaProgressTest {
    @TempDir
    Path dir;

    private static void commit(KafkaSettings kafka, String group, TopicPartition partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumer(group))) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }
    }

    @Test
    void aTransactionalTopicReadToItsLastRecordIsConsumed() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, 1 << 20)) {
            Config config = Config.load("cpu-tiny", List.of("kafka.bootstrap_servers=" + broker.bootstrapServers(),
                    "kafka.partitions=1", "kafka.topics.checkpoints=tx.events"));
            KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), config);
            kafka.topics().ensureExist(kafka);
            TopicPartition partition = new TopicPartition("tx.events", 0);
            Properties props = kafka.producer();
            props.put("transactional.id", "progress-test");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("tx.events", new byte[] {(byte) i}));
                }
                producer.commitTransaction();
            }
            try (KafkaProgress progress = new KafkaProgress(kafka)) {
                // The coordinator writes the commit marker after commitTransaction returns: wait for it.
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (progress.endOffsets("tx.events").get(partition) < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(4L, progress.endOffsets("tx.events").get(partition), "3 records and the commit marker");
                commit(kafka, "behind", partition, 2);
                assertTrue(progress.hasUnconsumedRecords("tx.events", "behind"));
                commit(kafka, "done", partition, 3);
                assertFalse(progress.hasUnconsumedRecords("tx.events", "done"), "only the marker is left");
                assertTrue(progress.hasUnconsumedRecords("tx.events", "new-group"));
            }
        }
    }
}
