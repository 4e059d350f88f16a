/**
 * Flink's side of the records: type information for the Avro classes, and the decoding operator that sends
 * undecodable records to the dead letters with a reason and a metric.
 */
package io.s2vc.stream.serde;
