/**
 * Video in and out: decoding and windowing real footage (JavaCV), data set layouts (UCF101, HMDB51), the
 * synthetic scene-biased data set, and writers for video and GIF. No Flink or Kafka.
 */
package io.s2vc.video;
