package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The unbiased standard deviation over the time axis, {@code sqrt(Σ (v − mean)² / (T − 1))}, as the
 * official code computes it ({@code torch.std}, Bessel-corrected).
 *
 * <p>The values are first shifted by the first frame (the "shifted data" form: the same result in exact
 * arithmetic, more accurate in float). A side effect the callers rely on: a value that never changes has
 * a standard deviation of exactly 0, not a rounding residue of the mean.
 */
final class TemporalStd {
    private TemporalStd() {
    }

    /** Standard deviation over {@code timeAxis} (which is removed); needs at least 2 frames. */
    static NDArray unbiased(NDArray values, int timeAxis) {
        long frames = values.getShape().get(timeAxis);
        if (frames < 2) {
            throw new IllegalArgumentException("a temporal std needs at least 2 frames, got shape " + values.getShape());
        }
        NDIndex firstFrame = new NDIndex().addAllDim(timeAxis).addSliceDim(0, 1);
        NDArray shifted = values.sub(values.get(firstFrame));
        NDArray deviations = shifted.sub(shifted.mean(new int[] {timeAxis}, true));
        return deviations.square().sum(new int[] {timeAxis}).div(frames - 1).sqrt();
    }
}
