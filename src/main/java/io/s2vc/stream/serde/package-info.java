/**
 * Avro codecs and Flink type information for the product's records, and decoding that sends undecodable records
 * to the dead letters with a reason.
 */
package io.s2vc.stream.serde;
