package io.s2vc.transport;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import java.io.Serializable;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings shared by every producer, consumer, source and sink: the bootstrap servers,
 * the message size fit for clip records, and the free-form {@code kafka.properties.*} (security)
 * settings, so that they reach every client the same way.
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final int maxMessageBytes;
    private final String compression;
    private final Map<String, String> extra;
    private final Topics topics;

    public KafkaSettings(String bootstrapServers, Config config) {
        this.bootstrapServers = bootstrapServers;
        this.maxMessageBytes = config.get(Catalogue.KAFKA_MAX_MESSAGE_BYTES);
        this.compression = config.get(Catalogue.KAFKA_COMPRESSION);
        this.extra = Map.copyOf(config.subtree("kafka.properties"));
        this.topics = Topics.from(config);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public Topics topics() {
        return topics;
    }

    /** Properties common to every client: bootstrap plus pass-through (security) settings. */
    public Properties common() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(extra);
        return p;
    }

    public Properties producer() {
        Properties p = common();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(producerTuning());
        p.putAll(extra);
        return p;
    }

    /** Producer settings for large records, also given to Flink's KafkaSink. */
    public Properties producerTuning() {
        Properties p = new Properties();
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxMessageBytes));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(33554432L, 4L * maxMessageBytes)));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    public Properties consumer(String groupId) {
        Properties p = common();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(consumerTuning());
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putAll(extra);
        return p;
    }

    /** Consumer settings for large records, also given to Flink's KafkaSource. */
    public Properties consumerTuning() {
        Properties p = new Properties();
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(maxMessageBytes));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(Math.max(52428800, maxMessageBytes)));
        return p;
    }

    public Properties admin() {
        return common();
    }

    /**
     * Properties for Flink's KafkaSource: the consumer tuning, then the pass-through settings, which win (as
     * in {@link #consumer}), so that a setting from conf/ means the same for every client.
     */
    public Properties source() {
        Properties p = consumerTuning();
        p.putAll(common());
        return p;
    }

    /** Properties for Flink's KafkaSink: the producer tuning, then the pass-through settings, which win. */
    public Properties sink() {
        Properties p = producerTuning();
        p.putAll(common());
        return p;
    }
}
