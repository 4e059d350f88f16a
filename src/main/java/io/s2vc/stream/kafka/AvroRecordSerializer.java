package io.s2vc.stream.kafka;

import io.s2vc.transport.avro.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes records to one topic in Avro single-object encoding, keyed by a string of the record. */
public final class AvroRecordSerializer<T extends SpecificRecordBase> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final AvroCodec<T> codec;
    private final SerializableFunction<T, String> key;

    public AvroRecordSerializer(String topic, AvroCodec<T> codec, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.codec = codec;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        return new ProducerRecord<>(topic, null, timestamp,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), codec.encode(element));
    }
}
