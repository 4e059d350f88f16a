/**
 * S²VC's static-cue suppression (paper Eq. 3–5): flow latents of a clip, their temporal spread, the static mask
 * and the strategies (zero, noise, shuffles), the TFD baseline and the analyses of Fig. 4. No Flink or Kafka.
 */
package io.s2vc.suppress;
