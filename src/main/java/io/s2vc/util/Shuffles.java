package io.s2vc.util;

import java.util.random.RandomGenerator;

/** Fisher–Yates shuffles, the one implementation every seeded ordering in the product uses. */
public final class Shuffles {
    private Shuffles() {
    }

    /** Shuffles {@code values} in place, uniformly. */
    public static void shuffle(int[] values, RandomGenerator random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** Shuffles {@code values} in place, uniformly, in the same order of draws as {@link #shuffle(int[], RandomGenerator)}. */
    public static <T> void shuffle(T[] values, RandomGenerator random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** {@code 0, 1, …, n − 1}. */
    public static int[] identity(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }

    /** A uniformly random permutation of {@code 0, 1, …, n − 1}. */
    public static int[] permutation(int n, RandomGenerator random) {
        int[] values = identity(n);
        shuffle(values, random);
        return values;
    }
}
