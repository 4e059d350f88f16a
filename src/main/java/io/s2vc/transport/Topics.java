package io.s2vc.transport;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/** The product's topic names, and their creation with settings fit for 1-3 MB clip records. */
public record Topics(String clips, String pairs, String checkpoints, String metrics, String deadLetter,
        int partitions, short replicationFactor, int maxMessageBytes) implements Serializable {

    public static Topics from(Config config) {
        return new Topics(
                config.get(Catalogue.KAFKA_TOPICS_CLIPS),
                config.get(Catalogue.KAFKA_TOPICS_PAIRS),
                config.get(Catalogue.KAFKA_TOPICS_CHECKPOINTS),
                config.get(Catalogue.KAFKA_TOPICS_METRICS),
                config.get(Catalogue.KAFKA_TOPICS_DEAD_LETTER),
                config.get(Catalogue.KAFKA_PARTITIONS),
                config.get(Catalogue.KAFKA_REPLICATION_FACTOR).shortValue(),
                config.get(Catalogue.KAFKA_MAX_MESSAGE_BYTES));
    }

    public List<String> all() {
        return List.of(clips, pairs, checkpoints, metrics, deadLetter);
    }

    /** Creates the product's topics that do not exist yet (idempotent). */
    public void ensureExist(KafkaSettings settings) {
        Map<String, Integer> wanted = new java.util.LinkedHashMap<>();
        for (String name : all()) {
            // Events and metrics are small and ordered: one partition keeps their order.
            wanted.put(name, name.equals(checkpoints) || name.equals(metrics) ? 1 : partitions);
        }
        ensureExist(settings, wanted);
    }

    /** Creates the named topics (name → partitions) that do not exist yet, sized for clip records. */
    public void ensureExist(KafkaSettings settings, Map<String, Integer> wanted) {
        try (Admin admin = Admin.create(settings.admin())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            wanted.forEach((name, n) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, n, replicationFactor).configs(Map.of(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxMessageBytes),
                            TopicConfig.COMPRESSION_TYPE_CONFIG, "producer")));
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topics on " + settings.bootstrapServers()
                        + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /**
     * New partitions take a moment to get a leader; a producer that looks too early may stall. Metadata
     * names the leader before the leader has loaded the partition, and until then it refuses writes: an
     * idempotent producer whose first batch is refused while its second is taken retries the first on
     * OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms. ListOffsets is answered from the leader's
     * loaded log (the admin client retries it until then), so once it answers, the partitions take writes.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
                boolean ready = topics.values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    Map<TopicPartition, OffsetSpec> partitions = new java.util.HashMap<>();
                    topics.forEach((name, d) -> d.partitions().forEach(
                            p -> partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                    int remainingMs = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(remainingMs)).all().get();
                    return;
                }
            } catch (ExecutionException e) {
                // Right after creation the broker may not know the topic yet (UNKNOWN_TOPIC_OR_PARTITION, which
                // neither call retries by itself): ask again until the deadline.
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topics " + names + " have no partition leader after 30 s");
    }
}
