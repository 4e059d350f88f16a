/**
 * Evaluation of a MoCo checkpoint (paper §4): frozen features, the linear probe, fine-tuning, nearest-neighbour
 * retrieval, the motion oracle and bootstrap intervals. Tensors through DJL; no Flink or Kafka.
 */
package io.s2vc.eval;
