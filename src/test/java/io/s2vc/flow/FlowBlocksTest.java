package io.s2vc.flow;

import io.s2vc.testing.TestArrays;
import static io.s2vc.testing.TestArrays.gaussian;
import static io.s2vc.testing.TestArrays.maxAbsDiff;
import static io.s2vc.testing.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every block type: exact inverse at random weights, and its defining index maps / formulas. */
class FlowBlocksTest {
    private static final float TOLERANCE = 1e-4f;
    private static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    private static <B extends FlowBlock> B initialized(B block, Shape... inputShapes) {
        block.initialize(manager, DataType.FLOAT32, inputShapes);
        return block;
    }

    private static FlowResult assertRoundTrip(FlowBlock block, NDList x) {
        FlowResult forward = block.forward(x);
        NDList back = block.inverse(forward.outputs());
        assertEquals(x.size(), back.size());
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.get(i).getShape(), back.get(i).getShape());
            float error = maxAbsDiff(x.get(i), back.get(i));
            assertTrue(error < TOLERANCE, block.getClass().getSimpleName() + " round-trip error " + error);
        }
        return forward;
    }

    @Test
    void convolutionalCouplingInvertsExactly() {
        for (int channels : new int[] {3, 12}) {
            Shape shape = new Shape(2, channels, 8, 8);
            AffineCoupling coupling = initialized(
                    AffineCoupling.convolutional(channels, 16, FlowInit.randomEverywhere(channels, 0.2f)), shape);
            FlowResult result = assertRoundTrip(coupling, new NDList(uniform(manager, 1, shape)));
            assertEquals(new Shape(2), result.logDet().getShape());
            assertTrue(Math.abs(result.logDet().getFloat(0)) > 1e-3, "non-trivial coupling");
            assertTrue(maxAbsDiff(result.output(), uniform(manager, 1, shape)) > 1e-2, "not the identity");
        }
    }

    @Test
    void fullyConnectedCouplingInvertsExactlyForOddSizes() {
        for (int features : new int[] {7, 40}) {
            Shape shape = new Shape(3, features);
            AffineCoupling coupling = initialized(
                    AffineCoupling.fullyConnected(features, 32, FlowInit.randomEverywhere(features, 0.3f)), shape);
            FlowResult result = assertRoundTrip(coupling, new NDList(gaussian(manager, 2, shape)));
            assertEquals(new Shape(3), result.logDet().getShape());
        }
    }

    /** x1 (first floor(C/2)) is updated first from s2(x2); log-scale = first half; soft clamp 0.954·atan(s/1.5). */
    @Test
    void couplingFollowsTheGlowFormula() {
        int features = 5;
        Shape shape = new Shape(2, features);
        AffineCoupling coupling = initialized(
                AffineCoupling.fullyConnected(features, 16, FlowInit.randomEverywhere(9, 0.5f)), shape);
        DenseSubnet s1 = (DenseSubnet) coupling.getChildren().get(0).getValue();
        DenseSubnet s2 = (DenseSubnet) coupling.getChildren().get(1).getValue();
        NDArray x = gaussian(manager, 3, shape);
        NDList x12 = x.split(new long[] {2}, 1);
        NDList c2 = s2.apply(x12.get(1)).split(2, 1);
        NDArray a2 = c2.get(0).div(1.5).atan().mul(1.5 * 0.636);
        NDArray y1 = x12.get(0).mul(a2.exp()).add(c2.get(1));
        NDList c1 = s1.apply(y1).split(2, 1);
        NDArray a1 = c1.get(0).div(1.5).atan().mul(1.5 * 0.636);
        NDArray y2 = x12.get(1).mul(a1.exp()).add(c1.get(1));
        FlowResult result = coupling.forward(x);
        assertTrue(maxAbsDiff(result.output(), y1.concat(y2, 1)) < 1e-6);
        assertTrue(maxAbsDiff(result.logDet(), a1.sum(new int[] {1}).add(a2.sum(new int[] {1}))) < 1e-5);
        assertEquals(new Shape(2, 6), s1.getOutputShapes(new Shape[] {new Shape(2, 2)})[0], "s1: L1 → 2·L2");
        assertEquals(new Shape(2, 4), s2.getOutputShapes(new Shape[] {new Shape(2, 3)})[0], "s2: L2 → 2·L1");
    }

    @Test
    void permutationGathersAlongTheChannelAxis() {
        ChannelPermutation permutation = initialized(new ChannelPermutation(12, 0), new Shape(2, 12, 3, 3));
        int[] perm = permutation.permutation();
        assertArrayEquals(new int[] {6, 11, 4, 10, 2, 8, 1, 7, 9, 3, 0, 5}, perm);
        NDArray x = uniform(manager, 4, new Shape(2, 12, 3, 3));
        FlowResult result = assertRoundTrip(permutation, new NDList(x));
        assertNull(result.logDet(), "volume preserving");
        for (int i = 0; i < perm.length; i++) {
            assertTrue(maxAbsDiff(result.output().get(":, {}", i), x.get(":, {}", perm[i])) == 0);
        }
        ChannelPermutation dense = initialized(new ChannelPermutation(3072, 5), new Shape(2, 3072));
        NDArray v = gaussian(manager, 5, new Shape(2, 3072));
        NDArray out = assertRoundTrip(dense, new NDList(v)).output();
        assertEquals(v.getFloat(1, 466), out.getFloat(1, 0));
    }

    @Test
    void iRevNetSqueezeFollowsTheReferenceIndexMap() {
        int n = 2;
        int c = 3;
        int h = 4;
        int w = 6;
        IRevNetSqueeze squeeze = initialized(new IRevNetSqueeze(), new Shape(n, c, h, w));
        NDArray x = uniform(manager, 6, new Shape(n, c, h, w));
        FlowResult result = assertRoundTrip(squeeze, new NDList(x));
        assertEquals(new Shape(n, 4 * c, h / 2, w / 2), result.output().getShape());
        float[] in = x.toFloatArray();
        float[] out = result.output().toFloatArray();
        for (int b = 0; b < n; b++) {
            for (int r = 0; r < 2; r++) {
                for (int cc = 0; cc < 2; cc++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int i = 0; i < h / 2; i++) {
                            for (int j = 0; j < w / 2; j++) {
                                int o = r * 2 * c + cc * c + ch;
                                float got = out[((b * 4 * c + o) * (h / 2) + i) * (w / 2) + j];
                                float want = in[((b * c + ch) * h + 2 * i + r) * w + 2 * j + cc];
                                assertEquals(want, got, "b=" + b + " r=" + r + " c=" + cc + " ch=" + ch);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void fixedOneByOneConvolutionIsOrthogonalAndUsesMAsStored() {
        FixedConv1x1 conv = initialized(new FixedConv1x1(12, FlowInit.advflow(3)), new Shape(2, 12, 4, 4));
        NDArray m = conv.stateDict().get("M").getArray().reshape(12, 12);
        NDArray mInv = conv.stateDict().get("M_inv").getArray().reshape(12, 12);
        assertTrue(maxAbsDiff(m.matMul(m.transpose()), manager.eye(12)) < 1e-5, "orthogonal");
        assertTrue(maxAbsDiff(mInv, m.transpose()) < 1e-7, "M_inv = Mᵀ");
        assertEquals(new Shape(), conv.stateDict().get("logDetM").getShape());
        NDArray x = gaussian(manager, 7, new Shape(2, 12, 4, 4));
        FlowResult result = assertRoundTrip(conv, new NDList(x));
        // y[b, o, h, w] = Σ_i M[o, i]·x[b, i, h, w]
        NDArray expected = m.matMul(x.transpose(1, 0, 2, 3).reshape(12, -1))
                .reshape(12, 2, 4, 4).transpose(1, 0, 2, 3);
        assertTrue(maxAbsDiff(result.output(), expected) < 1e-5);
        assertArrayEquals(new float[] {0, 0}, result.logDet().toFloatArray(), "logDetM once per sample");
        assertTrue(!conv.stateDict().get("M").requiresGradient(), "frozen");
    }

    @Test
    void flattenSplitAndConcatAreReshapes() {
        Flatten flatten = initialized(new Flatten(new Shape(12, 2, 3)), new Shape(2, 12, 2, 3));
        NDArray x = uniform(manager, 8, new Shape(2, 12, 2, 3));
        NDArray flat = assertRoundTrip(flatten, new NDList(x)).output();
        assertEquals(new Shape(2, 72), flat.getShape());
        assertEquals(x.getFloat(1, 5, 1, 2), flat.getFloat(1, 5 * 6 + 1 * 3 + 2), "index = c·H·W + h·W + w");

        Split split = initialized(new Split(18, 54), new Shape(2, 72));
        NDList parts = assertRoundTrip(split, new NDList(flat)).outputs();
        assertEquals(new Shape(2, 18), parts.get(0).getShape());
        assertEquals(new Shape(2, 54), parts.get(1).getShape());
        assertEquals(flat.getFloat(1, 20), parts.get(1).getFloat(1, 2));

        Concat concat = initialized(new Concat(18, 54), new Shape(2, 18), new Shape(2, 54));
        NDArray joined = assertRoundTrip(concat, parts).output();
        assertEquals(0f, maxAbsDiff(joined, flat));
    }

    @Test
    void blockCallsLeaveOnlyTheirResultsInTheCallersManager() {
        AffineCoupling coupling = initialized(
                AffineCoupling.convolutional(3, 8, FlowInit.randomEverywhere(1, 0.1f)), new Shape(1, 3, 4, 4));
        try (NDManager caller = manager.newSubManager()) {
            NDArray x = uniform(caller, 9, new Shape(1, 3, 4, 4));
            FlowResult result = coupling.forward(x);
            assertEquals(3, caller.getManagedArrays().size(), "x, y and the log-det");
            coupling.inverse(result.output());
            assertEquals(4, caller.getManagedArrays().size(), "plus the inverse");
        }
    }
}
