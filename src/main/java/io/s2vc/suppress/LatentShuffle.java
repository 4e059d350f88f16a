package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The shuffle ablations' common frame: the output is a gather of the latents (B, T, D) along one axis, its
 * source indices drawn clip by clip from the clip's own generator, so that only the static latents move.
 */
abstract class LatentShuffle implements LatentSuppression {
    private final int axis;

    /** @param axis the axis the sources index: 1 (frames) or 2 (latents) */
    LatentShuffle(int axis) {
        this.axis = axis;
    }

    @Override
    public final NDArray apply(NDArray latents, NDArray staticMask, List<? extends RandomGenerator> clipRandoms) {
        Shape shape = latents.getShape();
        int clips = (int) shape.get(0);
        int frames = (int) shape.get(1);
        int dimensions = (int) shape.get(2);
        boolean[][] isStatic = Permutations.maskRows(staticMask);
        long[] source = new long[clips * frames * dimensions];
        for (int b = 0; b < clips; b++) {
            fillSources(source, b * frames * dimensions, frames, dimensions, isStatic[b], clipRandoms.get(b));
        }
        return latents.gather(latents.getManager().create(source, shape), axis);
    }

    /**
     * Writes the source index of every output value of one clip, {@code source[offset + t·D + d]}, along this
     * shuffle's axis.
     */
    abstract void fillSources(long[] source, int offset, int frames, int dimensions, boolean[] isStatic,
            RandomGenerator random);
}
