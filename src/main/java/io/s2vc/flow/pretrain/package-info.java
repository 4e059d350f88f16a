/**
 * Pre-training the flow by maximum likelihood on video frames: the frame pool, dequantisation, the guarded
 * likelihood step, the schedule, resumable run folders and their reports.
 */
package io.s2vc.flow.pretrain;
