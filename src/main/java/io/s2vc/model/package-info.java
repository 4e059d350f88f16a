/**
 * The contrastive model (paper Eq. 6): 3D CNN backbones (R3D-18, S3D, tiny3d) as DJL blocks, the projection head,
 * MoCo's momentum encoder, key queue and InfoNCE, and encoder checkpoints. No Flink or Kafka.
 */
package io.s2vc.model;
