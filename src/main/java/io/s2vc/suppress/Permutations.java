package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import java.util.random.RandomGenerator;

/** Shared by the shuffle strategies: Fisher–Yates shuffles and reading a mask back into Java. */
final class Permutations {
    private Permutations() {
    }

    /** Shuffles {@code values} in place, uniformly. */
    static void shuffle(int[] values, RandomGenerator random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** {@code 0, 1, …, n − 1}. */
    static int[] identity(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
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
