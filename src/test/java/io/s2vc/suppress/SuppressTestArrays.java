package io.s2vc.suppress;

import io.s2vc.nd.ArrayScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.testing.TestArrays;

/** Seeded test clips and comparisons for the suppression tests. */
final class SuppressTestArrays {
    private SuppressTestArrays() {
    }

    /** The small CPU flow with random weights everywhere (couplings are not the identity). */
    static FlowModel tinyFlow(NDManager manager) {
        return FlowModel.create(FlowSpec.cpuTiny32(), FlowInit.randomEverywhere(7, FlowInit.ADVFLOW_SIGMA), manager);
    }

    /** Values uniform in [0, 1): every value moves independently over time. */
    static NDArray uniform(NDManager manager, long seed, Shape shape) {
        return TestArrays.uniform(manager, seed, shape);
    }

    static NDArray gaussian(NDManager manager, long seed, Shape shape) {
        return TestArrays.gaussian(manager, seed, shape);
    }

    /** (B, 3, T, H, W) clips whose frames are all the same random image: nothing moves. */
    static NDArray staticClips(NDManager manager, long seed, long batch, long frames, long height, long width) {
        NDArray image = uniform(manager, seed, new Shape(batch, 3, 1, height, width));
        return image.repeat(2, frames);
    }

    /**
     * One clip (1, 3, T, H, W): the left half (x < W/2) is a fixed random image, the right half new random
     * values in every frame.
     */
    static NDArray halfMovingClip(NDManager manager, long seed, long frames, long height, long width) {
        NDArray still = staticClips(manager, seed, 1, frames, height, width);
        NDArray moving = uniform(manager, seed + 1, new Shape(1, 3, frames, height, width));
        NDArray left = manager.arange((int) width).lt(width / 2).toType(DataType.FLOAT32, false);
        return still.mul(left).add(moving.mul(left.neg().add(1)));
    }

    static float maxAbsDiff(NDArray a, NDArray b) {
        try (NDArray diff = a.sub(b); NDArray abs = diff.abs(); NDArray max = abs.max()) {
            return max.getFloat();
        }
    }

    /** Mean over the pixels of columns [from, to) of the unbiased temporal std of (B, 3, T, H, W) clips. */
    static float meanTemporalStd(NDArray clips, long from, long to) {
        try (NDManager scope = clips.getManager().newSubManager()) {
            NDArray columns = ArrayScope.alias(clips, scope).get(":, :, :, :, " + from + ":" + to);
            return TemporalStd.unbiased(columns, 2).mean().getFloat();
        }
    }
}
