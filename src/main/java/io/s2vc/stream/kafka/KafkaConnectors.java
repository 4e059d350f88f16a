package io.s2vc.stream.kafka;

import io.s2vc.config.Catalogue;
import io.s2vc.avro.DeadLetter;
import io.s2vc.config.Config;
import io.s2vc.config.Delivery;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.transport.avro.AvroCodec;
import io.s2vc.transport.avro.KafkaInput;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Kafka sources and sinks configured the same way for every job (sizes, security, delivery). */
public final class KafkaConnectors {
    private KafkaConnectors() {
    }

    /**
     * A source that resumes from the group's committed offsets (earliest for a new group), and
     * stops at {@code stopping} when that is given.
     */
    public static KafkaSource<KafkaInput> source(KafkaSettings kafka, String topic, String groupId,
            OffsetsInitializer stopping) {
        Properties props = kafka.source();
        props.put("commit.offsets.on.checkpoint", "true");
        props.put("isolation.level", "read_committed");
        var builder = KafkaSource.<KafkaInput>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(groupId)
                .setProperties(props)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KafkaInputDeserializer());
        if (stopping != null) {
            builder.setBounded(stopping);
        }
        return builder.build();
    }

    /**
     * A sink of Avro records. Exactly-once uses Kafka transactions committed on Flink checkpoints
     * (readers must use read_committed); at-least-once flushes on every checkpoint.
     */
    public static <T extends SpecificRecordBase> KafkaSink<T> sink(KafkaSettings kafka, String topic,
            AvroCodec<T> codec, SerializableFunction<T, String> key, Delivery delivery, String transactionalIdPrefix) {
        Properties props = kafka.sink();
        boolean exactlyOnce = delivery == Delivery.EXACTLY_ONCE;
        if (exactlyOnce) {
            // Must stay below the broker's transaction.max.timeout.ms (15 min by default).
            props.put("transaction.timeout.ms", "600000");
        }
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(new AvroRecordSerializer<>(topic, codec, key));
        if (exactlyOnce) {
            builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .setTransactionalIdPrefix(transactionalIdPrefix);
        } else {
            builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        }
        return builder.build();
    }

    /** The consumer group of a job: {@code kafka.group_id} and the job's name, so that jobs never share offsets. */
    public static String groupId(Config config, String jobName) {
        return config.get(Catalogue.KAFKA_GROUP_ID) + "-" + jobName;
    }

    /**
     * Dead letters of one stage of a job to the dead-letter topic ({@code stage} names the sink's uid
     * and its transactions, so that several stages of one job can each have one).
     */
    public static void sinkDeadLetters(DataStream<DeadLetter> deadLetters, Config config, KafkaSettings kafka,
            String stage) {
        deadLetters.sinkTo(KafkaConnectors.sink(kafka, kafka.topics().deadLetter(), Codecs.deadLetter(),
                        DeadLetter::getStage, config.get(Catalogue.KAFKA_DELIVERY), "s2vc-" + stage + "-dead-letters"))
                .name(stage + "-dead-letter-sink").uid(stage + "-dead-letter-sink");
    }
}
