/**
 * Helpers on DJL's NDArray that every math package uses: native memory scopes, autograd scopes, channels-last
 * layouts, uint8 clips to float tensors and back, the coupled Adam update and the guard that keeps non-finite gradients from optimizer state.
 */
package io.s2vc.nd;
