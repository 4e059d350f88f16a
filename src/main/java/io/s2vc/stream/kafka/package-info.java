/**
 * Flink's Kafka connectors configured alike for every job: sources, exactly-once sinks, the dead-letter sink of a
 * stage, and the record (de)serialisers between Kafka and Avro.
 */
package io.s2vc.stream.kafka;
