package io.s2vc.transport;

import io.s2vc.transport.KafkaSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a consumer group stands on a topic, read from the broker: works the same for the embedded
 * MiniCluster and for a job on a remote cluster.
 */
public final class KafkaProgress implements AutoCloseable {
    private final Admin admin;
    private final KafkaSettings settings;

    public KafkaProgress(KafkaSettings settings) {
        this.admin = Admin.create(settings.admin());
        this.settings = settings;
    }

    /**
     * Whether records of {@code topic} remain after the group's committed offsets, as a read_committed
     * reader sees them. Comparing offsets alone is not enough: a transactional producer's commit marker
     * takes an offset that no reader ever consumes or commits (FLINK-33484), so a fully consumed
     * transactional topic still ends one offset per transaction after the committed position.
     */
    public boolean hasUnconsumedRecords(String topic, String groupId) {
        Map<TopicPartition, Long> end = endOffsets(topic);
        Map<TopicPartition, Long> committed = committedOrEarliest(topic, groupId);
        Map<TopicPartition, Long> behind = new HashMap<>();
        end.forEach((tp, e) -> {
            if (committed.getOrDefault(tp, 0L) < e) {
                behind.put(tp, committed.getOrDefault(tp, 0L));
            }
        });
        if (behind.isEmpty()) {
            return false;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommitted())) {
            consumer.assign(behind.keySet());
            behind.forEach(consumer::seek);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(java.time.Duration.ofMillis(200)).isEmpty()) {
                    return true;
                }
                boolean atEnd = behind.keySet().stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                if (atEnd) {
                    return false;
                }
            }
            return true; // could not tell: assume there is more
        }
    }

    private java.util.Properties readCommitted() {
        java.util.Properties p = settings.consumer(null);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        return p;
    }

    public List<TopicPartition> partitions(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
        } catch (InterruptedException | ExecutionException e) {
            throw failure("describe topic " + topic, e);
        }
    }

    /** The end (next) offset of every partition, as read_committed readers see it. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        return offsets(topic, OffsetSpec.latest());
    }

    public Map<TopicPartition, Long> beginningOffsets(String topic) {
        return offsets(topic, OffsetSpec.earliest());
    }

    /** The group's committed offsets, falling back to the beginning where it has none. */
    public Map<TopicPartition, Long> committedOrEarliest(String topic, String groupId) {
        Map<TopicPartition, Long> out = new HashMap<>(beginningOffsets(topic));
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            committed.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(topic)) {
                    out.put(tp, om.offset());
                }
            });
        } catch (InterruptedException | ExecutionException e) {
            throw failure("read offsets of group " + groupId, e);
        }
        return out;
    }

    private Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : partitions(topic)) {
            request.put(tp, spec);
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            Map<TopicPartition, Long> out = new HashMap<>();
            result.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (InterruptedException | ExecutionException e) {
            throw failure("list offsets of " + topic, e);
        }
    }

    public static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static IllegalStateException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        return new IllegalStateException("cannot " + what + ": " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        admin.close();
    }
}
