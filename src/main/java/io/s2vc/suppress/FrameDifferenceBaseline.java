package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The TFD baseline of the paper's ablation (thresholding frame difference), a pixel-space analogue of
 * S²VC with no flow and no resampling.
 *
 * <p>As in the paper, each frame is a vector in R^d with d = 3·H·W, so the unit is one channel value of
 * one pixel. Its temporal std over the clip (unbiased, like the latents') ranks the d values; the
 * {@code ⌊keepFraction·d⌋} most-varying ones are kept in every frame (ties with the k-th value kept, as in
 * {@link SelectionMode#TOP}), and the others are set to 0 in every frame, i.e. black in [0, 1] RGB. A value
 * that never changes over the clip (std exactly 0) is never "moving": it is set to 0 even when it ties
 * with the k-th value, so a static clip becomes all black rather than keeping arbitrary pixels.
 *
 * <p>The output is therefore the input times a per-clip 0/1 mask: moving values over black, with no
 * residual, and it stays inside the input's range ([0, 1] for [0, 1] input).
 */
final class FrameDifferenceBaseline {
    /** The paper's share: the top 20 % values by std, about what S²VC keeps at α = 0.5. */
    static final double DEFAULT_KEEP_FRACTION = 0.2;

    private FrameDifferenceBaseline() {
    }

    /**
     * @param clips (B, C, T, H, W)
     * @param keepFraction share of the C·H·W values of each clip to keep, in [0, 1]
     * @return the suppressed clips and the static mask (B, C·H·W), in the manager of {@code clips}
     */
    static MaskedOutput apply(NDArray clips, double keepFraction) {
        Shape shape = clips.getShape();
        long batch = shape.get(0);
        NDArray std = TemporalStd.unbiased(clips, 2).reshape(batch, -1);
        NDArray staticMask = SelectionMode.TOP.staticMask(std, keepFraction).logicalOr(std.eq(0));
        NDArray keep = staticMask.logicalNot().toType(DataType.FLOAT32, false)
                .reshape(batch, shape.get(1), 1, shape.get(3), shape.get(4));
        return new MaskedOutput(clips.mul(keep), staticMask);
    }
}
