package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import java.util.random.RandomGenerator;

/** Shared by the shuffle strategies: shuffles ({@link io.s2vc.util.Shuffles}) and reading a mask back into Java. */
final class Permutations {
    private Permutations() {
    }

    static void shuffle(int[] values, RandomGenerator random) {
        io.s2vc.util.Shuffles.shuffle(values, random);
    }

    static int[] identity(int n) {
        return io.s2vc.util.Shuffles.identity(n);
    }

    /** A (B, D) boolean mask as one Java array per clip. */
    static boolean[][] maskRows(NDArray mask) {
        int clips = (int) mask.getShape().get(0);
        int dimensions = (int) mask.getShape().get(1);
        boolean[] flat = mask.toBooleanArray();
        boolean[][] rows = new boolean[clips][dimensions];
        for (int b = 0; b < clips; b++) {
            System.arraycopy(flat, b * dimensions, rows[b], 0, dimensions);
        }
        return rows;
    }
}
