/**
 * The online MoCo trainer: the guarded training step, its exact state for resume, model checkpoints with
 * manifests, the checkpoint policy and resume of a run (what it needs of a checkpoint store is an interface
 * here), and the settings it is built from. No Flink or Kafka.
 */
package io.s2vc.train;
