package io.s2vc.testing;

import io.s2vc.transport.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads a topic from the beginning with a plain Kafka consumer, as any other client would. */
public final class TopicReader {
    private TopicReader() {
    }

    /** All committed records of {@code topic}, waiting up to {@code timeout} for at least {@code atLeast}. */
    public static List<ConsumerRecord<byte[], byte[]>> read(KafkaSettings kafka, String topic, int atLeast,
            Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumer(null))) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = 0;
            while (System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(out::add);
                if (out.size() >= atLeast) {
                    // keep reading briefly, so that extra (duplicate) records would be seen too
                    if (quietUntil == 0) {
                        quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    } else if (System.nanoTime() > quietUntil && batch.isEmpty()) {
                        break;
                    }
                }
            }
        }
        return out;
    }
}
