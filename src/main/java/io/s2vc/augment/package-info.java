/**
 * The two views of a clip (the official code's SSL transforms, reference §3.3): crop boxes, resampling, colour
 * jitter, grayscale and blur on uint8 clips, each view drawn from its own seeded randomness so that every view
 * can be reproduced. Plain Java, no tensors, no Flink or Kafka.
 */
package io.s2vc.augment;
