/**
 * Small generic helpers: the seed mixes every stage shares ({@link io.s2vc.util.Seeds}), atomic file writes,
 * folders, seeded shuffles, and NumPy's Mersenne Twister (MT19937) for the draws that must match the official
 * code's.
 */
package io.s2vc.util;
