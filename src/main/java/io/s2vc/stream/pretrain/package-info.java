/**
 * A frame source for flow pre-training that reads clip windows from Kafka.
 */
package io.s2vc.stream.pretrain;
