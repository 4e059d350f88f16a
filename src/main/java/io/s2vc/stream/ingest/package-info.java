/**
 * Ingest: decoding video files, folders, data sets and live URLs into clip windows produced to Kafka (plain Kafka
 * clients, no Flink).
 */
package io.s2vc.stream.ingest;
