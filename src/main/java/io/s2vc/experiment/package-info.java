/**
 * The scene-bias experiment: MoCo against S²VC's strategies and TFD on one pair stream and budget over seeds,
 * with paired statistics, the supervised ceiling and the verdict rules (docs/experiments.md).
 */
package io.s2vc.experiment;
