/**
 * Small PNG charts (bars, lines, frame grids) for reports, drawn with Java2D.
 */
package io.s2vc.plot;
