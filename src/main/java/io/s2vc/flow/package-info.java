/**
 * The normalizing flow (AdvFlow / FrEIA architectures): invertible blocks as DJL blocks, the graph built from a
 * {@link io.s2vc.flow.FlowSpec}, encode and decode for inference, log-likelihood for training, and the
 * checkpoint formats (the official npz through {@code io}, our own). No Flink or Kafka.
 */
package io.s2vc.flow;
