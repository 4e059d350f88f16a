/**
 * The online MoCo trainer: the guarded training step, its exact state for resume, model checkpoints with
 * manifests, and the settings it is built from. No Flink or Kafka.
 */
package io.s2vc.train;
