/**
 * NumPy's file formats in plain Java: {@code .npy} arrays (float32, C or Fortran order) and {@code .npz} archives
 * of them, as the official checkpoints and the command line's clip and latent files use them.
 */
package io.s2vc.io;
