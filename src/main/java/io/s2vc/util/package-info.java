/**
 * Small generic helpers: atomic file writes, folders, seeded shuffles.
 */
package io.s2vc.util;
