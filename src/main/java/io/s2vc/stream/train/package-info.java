/**
 * The Flink side of training: the job {@code train} on the pairs topic, the operator that feeds the training,
 * keeps it in operator state and announces its model checkpoints, and the checkpoint store on Flink's file
 * systems.
 */
package io.s2vc.stream.train;
