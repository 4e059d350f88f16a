/**
 * The Flink job {@code evaluate}: every model checkpoint announced on the checkpoints topic is evaluated and its
 * report published to the metrics topic.
 */
package io.s2vc.stream.evaluate;
