package io.s2vc.suppress;

import static io.s2vc.suppress.SuppressTestArrays.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The defining property of each latent strategy, on random latents and a random mask. */
class LatentStrategiesTest {
    private static final int CLIPS = 2;
    private static final int FRAMES = 6;
    private static final int DIMENSIONS = 40;

    private static NDManager manager;
    private static NDArray latents;
    private static NDArray mask;
    private static float[][][] z;
    private static boolean[][] isStatic;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        latents = gaussian(manager, 1, new Shape(CLIPS, FRAMES, DIMENSIONS));
        z = unpack(latents);
        SplittableRandom random = new SplittableRandom(2);
        boolean[] flat = new boolean[CLIPS * DIMENSIONS];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = random.nextDouble() < 0.6;
        }
        mask = manager.create(flat, new Shape(CLIPS, DIMENSIONS));
        isStatic = Permutations.maskRows(mask);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void zeroSetsExactlyTheStaticLatentsToZero() {
        float[][][] out = unpack(SuppressionStrategy.ZERO.latentSuppression().apply(latents, mask, randoms(1)));
        // × (1 − mask) leaves −0 for negative latents: compare numerically (delta 0), not bitwise.
        forEach((b, t, d) -> assertEquals(isStatic[b][d] ? 0f : z[b][t][d], out[b][t][d], 0f));
    }

    @Test
    void noiseIsOneDrawPerStaticLatentKeptForEveryFrame() {
        float[][][] out = unpack(SuppressionStrategy.NOISE.latentSuppression().apply(latents, mask, randoms(1)));
        forEach((b, t, d) -> {
            if (isStatic[b][d]) {
                assertEquals(out[b][0][d], out[b][t][d], "the first frame's noise in every frame");
                assertNotEquals(z[b][t][d], out[b][t][d]);
            } else {
                assertEquals(z[b][t][d], out[b][t][d], "a moving latent is untouched");
            }
        });
        // One independent draw per static latent, not one value for all of them.
        float first = out[0][0][firstStatic(0)];
        boolean varied = false;
        for (int d = 0; d < DIMENSIONS; d++) {
            varied |= isStatic[0][d] && out[0][0][d] != first;
        }
        assertTrue(varied, "independent draws per latent");
    }

    @Test
    void noiseIsStandardNormal() {
        int dimensions = 20_000;
        try (NDManager scope = manager.newSubManager()) {
            NDArray zeros = scope.zeros(new Shape(1, 2, dimensions));
            NDArray allStatic = scope.ones(new Shape(1, dimensions)).toType(DataType.BOOLEAN, false);
            NDArray noise = SuppressionStrategy.NOISE.latentSuppression()
                    .apply(zeros, allStatic, List.of(SuppressionSeeds.generator(3, 0))).get(0, 0);
            assertEquals(0, noise.mean().getFloat(), 0.03, "mean of N(0, 1)");
            assertEquals(1, TemporalStd.unbiased(noise.expandDims(0), 1).getFloat(0), 0.03, "std of N(0, 1)");
        }
    }

    @Test
    void shuffleInClipPermutesEachStaticLatentOverTime() {
        float[][][] out = unpack(SuppressionStrategy.SHUFFLE_CLIP.latentSuppression().apply(latents, mask, randoms(1)));
        int reordered = 0;
        for (int b = 0; b < CLIPS; b++) {
            for (int d = 0; d < DIMENSIONS; d++) {
                float[] before = new float[FRAMES];
                float[] after = new float[FRAMES];
                for (int t = 0; t < FRAMES; t++) {
                    before[t] = z[b][t][d];
                    after[t] = out[b][t][d];
                }
                if (!isStatic[b][d]) {
                    assertArrayEquals(before, after, "a moving latent is untouched");
                    continue;
                }
                reordered += Arrays.equals(before, after) ? 0 : 1;
                Arrays.sort(before);
                Arrays.sort(after);
                assertArrayEquals(before, after, "the same values over time, in another order");
            }
        }
        assertTrue(reordered > 0, "the shuffles do reorder");
    }

    @Test
    void shuffleInFramePermutesTheStaticLatentsAmongThemselvesInEachFrame() {
        float[][][] out = unpack(SuppressionStrategy.SHUFFLE_FRAME.latentSuppression().apply(latents, mask, randoms(1)));
        for (int b = 0; b < CLIPS; b++) {
            String[] orders = new String[FRAMES];
            for (int t = 0; t < FRAMES; t++) {
                List<Float> before = new ArrayList<>();
                List<Float> after = new ArrayList<>();
                for (int d = 0; d < DIMENSIONS; d++) {
                    if (isStatic[b][d]) {
                        before.add(z[b][t][d]);
                        after.add(out[b][t][d]);
                    } else {
                        assertEquals(z[b][t][d], out[b][t][d], "a moving latent is untouched");
                    }
                }
                orders[t] = after.toString();
                assertNotEquals(before, after, "frame " + t + " is shuffled");
                before.sort(null);
                after.sort(null);
                assertEquals(before, after, "frame " + t + " keeps the multiset of its static values");
            }
            // Each frame gets its own permutation: the relative orders are not all the same.
            List<Integer> ranksFirst = ranks(out[b][0], z[b][0], isStatic[b]);
            boolean differs = false;
            for (int t = 1; t < FRAMES; t++) {
                differs |= !ranks(out[b][t], z[b][t], isStatic[b]).equals(ranksFirst);
            }
            assertTrue(differs, "a new permutation per frame");
        }
    }

    @Test
    void sameSeedsGiveTheSameLatentsAndOtherSeedsOthers() {
        for (SuppressionStrategy strategy : new SuppressionStrategy[] {
            SuppressionStrategy.NOISE, SuppressionStrategy.SHUFFLE_CLIP, SuppressionStrategy.SHUFFLE_FRAME}) {
            LatentSuppression suppression = strategy.latentSuppression();
            float[] first = suppression.apply(latents, mask, randoms(5)).toFloatArray();
            float[] again = suppression.apply(latents, mask, randoms(5)).toFloatArray();
            float[] other = suppression.apply(latents, mask, randoms(6)).toFloatArray();
            assertArrayEquals(first, again, strategy + ": same seeds");
            assertTrue(!Arrays.equals(first, other), strategy + ": other seeds");
        }
    }

    /** Position, among the static latents of the frame, of the original latent each output came from. */
    private static List<Integer> ranks(float[] out, float[] in, boolean[] staticFlags) {
        List<Float> original = new ArrayList<>();
        for (int d = 0; d < in.length; d++) {
            if (staticFlags[d]) {
                original.add(in[d]);
            }
        }
        List<Integer> ranks = new ArrayList<>();
        for (int d = 0; d < out.length; d++) {
            if (staticFlags[d]) {
                ranks.add(original.indexOf(out[d]));
            }
        }
        return ranks;
    }

    private static int firstStatic(int clip) {
        for (int d = 0; d < DIMENSIONS; d++) {
            if (isStatic[clip][d]) {
                return d;
            }
        }
        throw new AssertionError("no static latent in clip " + clip);
    }

    private static List<SplittableRandom> randoms(long seed) {
        List<SplittableRandom> randoms = new ArrayList<>();
        for (int b = 0; b < CLIPS; b++) {
            randoms.add(SuppressionSeeds.generator(seed, b));
        }
        return randoms;
    }

    private static float[][][] unpack(NDArray array) {
        float[] flat = array.toFloatArray();
        float[][][] values = new float[CLIPS][FRAMES][DIMENSIONS];
        for (int b = 0; b < CLIPS; b++) {
            for (int t = 0; t < FRAMES; t++) {
                System.arraycopy(flat, (b * FRAMES + t) * DIMENSIONS, values[b][t], 0, DIMENSIONS);
            }
        }
        return values;
    }

    private interface Check {
        void at(int clip, int frame, int dimension);
    }

    private static void forEach(Check check) {
        for (int b = 0; b < CLIPS; b++) {
            for (int t = 0; t < FRAMES; t++) {
                for (int d = 0; d < DIMENSIONS; d++) {
                    check.at(b, t, d);
                }
            }
        }
    }
}
