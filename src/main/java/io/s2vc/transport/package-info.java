/**
 * Transport: plain Kafka clients and nothing of Flink. Client settings, the product's topics, the embedded KRaft
 * broker of the default run and the tests, progress checks on consumer groups, and a frame source that reads
 * clip windows for the flow's pre-training. Records are encoded by {@code transport.avro}; data enters through
 * {@code transport.ingest}.
 */
package io.s2vc.transport;
