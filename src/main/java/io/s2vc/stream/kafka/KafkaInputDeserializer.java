package io.s2vc.stream.kafka;

import io.s2vc.transport.avro.KafkaInput;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes each message on undecoded: decoding happens in an operator that can dead-letter what
 * fails, instead of failing the source (which would stop the job).
 */
public final class KafkaInputDeserializer implements KafkaRecordDeserializationSchema<KafkaInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaInput> out) {
        out.collect(new KafkaInput(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value()));
    }

    @Override
    public TypeInformation<KafkaInput> getProducedType() {
        return TypeInformation.of(KafkaInput.class);
    }
}
