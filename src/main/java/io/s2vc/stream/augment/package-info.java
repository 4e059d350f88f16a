/**
 * The Flink job {@code augment}: clip windows from Kafka to positive pairs (two views, the key's static cues
 * suppressed), to the pairs topic and, when asked, to the online trainer.
 */
package io.s2vc.stream.augment;
