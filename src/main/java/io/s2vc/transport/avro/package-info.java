/**
 * The product's records on the wire: Avro codecs for the classes generated from {@code schemas/}, clip windows
 * to and from uint8 clips, Kafka records as they arrive, and dead letters with their reasons.
 */
package io.s2vc.transport.avro;
