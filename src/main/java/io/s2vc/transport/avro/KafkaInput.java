package io.s2vc.transport.avro;

/**
 * A raw message as read from Kafka, with where it came from, so that a message that fails to
 * decode can be dead-lettered with its topic, partition and offset. A Flink POJO (public fields,
 * no-arg constructor): it never falls back to Kryo.
 */
public class KafkaInput {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;

    public KafkaInput() {
    }

    public KafkaInput(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }
}
