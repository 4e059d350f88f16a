/**
 * The Flink side of training: the job {@code train} on the pairs topic and the operator that feeds the online
 * trainer, keeps its state in operator state, and writes and announces model checkpoints.
 */
package io.s2vc.stream.train;
