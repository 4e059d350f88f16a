/**
 * Small generic helpers: atomic file writes, folders, seeded shuffles, and NumPy's Mersenne Twister (MT19937) for
 * the draws that must match the official code's.
 */
package io.s2vc.util;
