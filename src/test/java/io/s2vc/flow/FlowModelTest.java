package io.s2vc.flow;

import io.s2vc.testing.TestArrays;
import static io.s2vc.testing.TestArrays.maxAbsDiff;
import static io.s2vc.testing.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both architectures end to end, the log-det against a brute-force Jacobian, keys and memory. */
class FlowModelTest {
    private static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    /** 3×4×4 with every block type: conv coupling, permutation, squeeze, fixed 1×1, flatten, split, FC coupling, concat. */
    static FlowSpec tinySpec() {
        return new FlowSpec("test-3x4x4", 3, 4, 4, 1, 1, 1, 8, 16, 12);
    }

    @Test
    void paperArchitectureHasFreiasNodeIndicesAndKeys() {
        FlowSpec spec = FlowSpec.advflowImagenet64();
        List<FlowNode> nodes = spec.nodes();
        assertEquals(44, nodes.size());
        assertInstanceOf(FlowNode.Input.class, nodes.get(0));
        for (int k = 0; k < 4; k++) {
            assertEquals(new FlowNode.ConvCoupling(3, 128), nodes.get(1 + 2 * k));
            assertEquals(new FlowNode.Permutation(3, k), nodes.get(2 + 2 * k));
        }
        assertInstanceOf(FlowNode.Squeeze.class, nodes.get(9));
        for (int k = 0; k < 6; k++) {
            assertEquals(new FlowNode.Fixed1x1(12), nodes.get(10 + 3 * k));
            assertEquals(new FlowNode.ConvCoupling(12, 128), nodes.get(11 + 3 * k));
            assertEquals(new FlowNode.Permutation(12, k), nodes.get(12 + 3 * k));
        }
        assertEquals(new FlowNode.FlattenNode(12, 32, 32), nodes.get(28));
        assertEquals(new FlowNode.SplitNode(3072, 9216), nodes.get(29));
        for (int k = 0; k < 6; k++) {
            assertEquals(new FlowNode.DenseCoupling(3072, 128), nodes.get(30 + 2 * k));
            assertEquals(new FlowNode.Permutation(3072, k), nodes.get(31 + 2 * k));
        }
        assertEquals(new FlowNode.ConcatNode(3072, 9216), nodes.get(42));
        assertInstanceOf(FlowNode.Output.class, nodes.get(43));

        FlowModel model = new FlowModel(spec, FlowInit.advflow(0));
        Map<String, Parameter> state = model.stateDict();
        // 10 conv couplings × 12 + 6 FC couplings × 16 + 6 fixed convs × 3
        assertEquals(10 * 12 + 6 * 16 + 6 * 3, state.size());
        assertShape(state, "module_list.1.s1.conv1.weight", 128, 1, 3, 3);
        assertShape(state, "module_list.1.s1.conv3.weight", 4, 128, 3, 3);
        assertShape(state, "module_list.7.s2.conv1.weight", 128, 2, 3, 3);
        assertShape(state, "module_list.7.s2.conv3.weight", 2, 128, 3, 3);
        assertShape(state, "module_list.7.s2.conv3.bias", 2);
        assertShape(state, "module_list.11.s1.conv1.weight", 128, 6, 3, 3);
        assertShape(state, "module_list.26.s2.conv3.weight", 12, 128, 3, 3);
        assertShape(state, "module_list.25.M", 12, 12, 1, 1);
        assertShape(state, "module_list.10.M_inv", 12, 12, 1, 1);
        assertShape(state, "module_list.13.logDetM");
        assertShape(state, "module_list.30.s1.fc1.weight", 128, 1536);
        assertShape(state, "module_list.40.s2.fc2.weight", 128, 128);
        assertShape(state, "module_list.40.s2.fc2b.weight", 128, 128);
        assertShape(state, "module_list.40.s2.fc3.weight", 3072, 128);
        assertShape(state, "module_list.40.s2.fc3.bias", 3072);
        long fcParameters = state.entrySet().stream()
                .filter(e -> e.getKey().contains(".fc"))
                .mapToLong(e -> e.getValue().getShape().size()).sum();
        assertTrue(fcParameters > 7_000_000 && fcParameters < 8_000_000, "about 7.5 M in the FC part: " + fcParameters);
    }

    private static void assertShape(Map<String, Parameter> state, String key, long... shape) {
        Parameter parameter = state.get(key);
        assertNotNull(parameter, key);
        assertEquals(new Shape(shape), parameter.getShape(), key);
    }

    @Test
    void paperArchitectureEncodesToTwelveThousandLatentsAndBack() {
        FlowModel model = FlowModel.create(
                FlowSpec.advflowImagenet64(), FlowInit.randomEverywhere(11, FlowInit.ADVFLOW_SIGMA), manager);
        try (NDManager call = manager.newSubManager()) {
            NDArray frames = uniform(call, 1, new Shape(2, 3, 64, 64));
            NDArray z = model.encode(frames);
            assertEquals(new Shape(2, 12288), z.getShape());
            NDArray back = model.decode(z);
            float error = maxAbsDiff(back, frames);
            assertTrue(error < 1e-4, "round-trip error " + error);
            assertTrue(maxAbsDiff(z.reshape(2, 3, 64, 64), frames) > 1e-2, "the flow is not the identity");
            assertEquals(4, call.getManagedArrays().size(), "frames, z, back and the reshape: no temporaries left");
        }
        model.clear();
    }

    @Test
    void cpuTinyArchitectureRoundTripsAtRandomWeights() {
        FlowSpec spec = FlowSpec.cpuTiny32();
        assertEquals(26, spec.nodes().size(), "input, 2×2, squeeze, 4×3, flatten, split, 2×2, concat, output");
        assertEquals(new FlowNode.SplitNode(768, 2304), spec.nodes().get(19));
        FlowModel model = FlowModel.create(spec, FlowInit.randomEverywhere(12, FlowInit.ADVFLOW_SIGMA), manager);
        assertShape(model.stateDict(), "module_list.1.s1.conv2.weight", 48, 48, 3, 3);
        assertShape(model.stateDict(), "module_list.20.s1.fc1.weight", 128, 384);
        try (NDManager call = manager.newSubManager()) {
            NDArray frames = uniform(call, 2, new Shape(4, 3, 32, 32));
            NDArray z = model.encode(frames);
            assertEquals(new Shape(4, 3072), z.getShape());
            float error = maxAbsDiff(model.decode(z), frames);
            assertTrue(error < 1e-4, "round-trip error " + error);
        }
        model.clear();
    }

    @Test
    void inferenceRunsInChunksThatChangeNoValue() {
        FlowSpec spec = FlowSpec.cpuTiny32();
        FlowModel model = FlowModel.create(spec, FlowInit.randomEverywhere(12, FlowInit.ADVFLOW_SIGMA), manager);
        int chunk = model.inferenceChunk();
        assertEquals((16L << 20) / (Float.BYTES * FlowFlops.largestActivation(spec)), chunk);
        int frames = chunk + chunk / 2; // two chunks, the second partial
        try (NDManager call = manager.newSubManager()) {
            NDArray all = uniform(call, 3, new Shape(frames, 3, 32, 32));
            NDArray z = model.encode(all);
            assertEquals(new Shape(frames, 3072), z.getShape());
            // The same frames in calls of other sizes: each frame goes through the flow on its own.
            int half = frames / 2;
            NDArray apart = model.encode(all.get("0:" + half)).concat(model.encode(all.get(half + ":")));
            float difference = maxAbsDiff(z, apart);
            assertTrue(difference < 1e-4, "chunked against unchunked latents: " + difference);
            float error = maxAbsDiff(model.decode(z), all);
            assertTrue(error < 1e-4, "round-trip error over " + frames + " frames: " + error);
        }
        model.clear();
    }

    @Test
    void advflowInitialisationStartsWithIdentityCouplings() {
        FlowModel model = FlowModel.create(FlowSpec.cpuTiny32(), FlowInit.advflow(5), manager);
        Map<String, Parameter> state = model.stateDict();
        for (Map.Entry<String, Parameter> e : state.entrySet()) {
            float[] values = e.getValue().getArray().toFloatArray();
            double sumSquares = 0;
            for (float v : values) {
                sumSquares += v * v;
            }
            String key = e.getKey();
            if (key.contains("conv3.") || key.contains("fc3.") || key.endsWith("logDetM")) {
                assertEquals(0.0, sumSquares, key + " starts at zero");
            } else if (!key.endsWith("M") && !key.endsWith("M_inv") && values.length > 1000) {
                double std = Math.sqrt(sumSquares / values.length);
                assertEquals(0.03, std, 0.003, key + " ~ N(0, 0.03²)");
            }
        }
        // Same seed, same weights; another seed, other weights.
        FlowModel again = FlowModel.create(FlowSpec.cpuTiny32(), FlowInit.advflow(5), manager);
        FlowModel other = FlowModel.create(FlowSpec.cpuTiny32(), FlowInit.advflow(6), manager);
        String key = "module_list.3.s2.conv2.weight";
        assertEquals(0f, maxAbsDiff(state.get(key).getArray(), again.stateDict().get(key).getArray()));
        assertTrue(maxAbsDiff(state.get(key).getArray(), other.stateDict().get(key).getArray()) > 0.01);
        model.clear();
        again.clear();
        other.clear();
    }

    @Test
    void logDetMatchesTheBruteForceJacobian() {
        FlowSpec spec = tinySpec();
        FlowModel model = FlowModel.create(spec, FlowInit.randomEverywhere(21, 0.3f), manager);
        int d = spec.dimensions();
        try (NDManager call = manager.newSubManager()) {
            NDArray x = uniform(call, 3, spec.frameShape(1));
            float logDet = model.forwardWithLogDet(x).logDet().getFloat(0);
            float error = maxAbsDiff(model.decode(model.encode(x)), x);
            assertTrue(error < 1e-3, "tiny round trip at large weights " + error);

            // Row b of the Jacobian is the gradient of z_b: one backward pass over d copies of x.
            NDArray copies = x.repeat(0, d);
            copies.setRequiresGradient(true);
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray z = model.forwardWithLogDet(copies).output();
                collector.backward(z.mul(call.eye(d)).sum());
            }
            double[][] jacobian = new double[d][d];
            float[] gradient = copies.getGradient().toFloatArray();
            for (int row = 0; row < d; row++) {
                for (int col = 0; col < d; col++) {
                    jacobian[row][col] = gradient[row * d + col];
                }
            }
            double bruteForce = logAbsDeterminant(jacobian);
            assertTrue(Math.abs(logDet) > 0.5, "a log-det worth checking: " + logDet);
            assertEquals(bruteForce, logDet, 1e-3 * Math.max(1, Math.abs(bruteForce)));
        }
        model.clear();
    }

    /** log|det A| by LU decomposition with partial pivoting. */
    static double logAbsDeterminant(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        double logDet = 0;
        for (int k = 0; k < n; k++) {
            int pivot = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) {
                    pivot = i;
                }
            }
            double[] swap = a[k];
            a[k] = a[pivot];
            a[pivot] = swap;
            logDet += Math.log(Math.abs(a[k][k]));
            for (int i = k + 1; i < n; i++) {
                double factor = a[i][k] / a[k][k];
                for (int j = k; j < n; j++) {
                    a[i][j] -= factor * a[k][j];
                }
            }
        }
        return logDet;
    }

    @Test
    void bitsPerDimIsDifferentiableAndMatchesItsFormula() {
        FlowSpec spec = tinySpec();
        FlowModel model = FlowModel.create(spec, FlowInit.advflow(4), manager);
        try (NDManager call = manager.newSubManager()) {
            NDArray x = uniform(call, 5, spec.frameShape(3));
            FlowResult result = model.forwardWithLogDet(x);
            double d = spec.dimensions();
            float[] z = result.output().toFloatArray();
            double squares = 0;
            for (int i = 0; i < d; i++) {
                squares += z[i] * z[i];
            }
            double expected = (0.5 * squares - result.logDet().getFloat(0) + d / 2 * Math.log(2 * Math.PI)
                    + d * Math.log(256)) / (d * Math.log(2));
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray bits = model.bitsPerDim(x);
                assertEquals(new Shape(3), bits.getShape());
                assertEquals(expected, bits.getFloat(0), 1e-4);
                collector.backward(bits.mean());
            }
            // At identity initialisation only the zero last layers get a gradient: the rest is multiplied by them.
            for (String key : new String[] {"module_list.1.s1.conv3.weight", "module_list.5.s2.conv3.bias",
                    "module_list.9.s2.fc3.weight"}) {
                NDArray gradient = model.stateDict().get(key).getArray().getGradient();
                assertTrue(gradient.abs().sum().getFloat() > 0, "a gradient reaches " + key);
            }
        }
        model.clear();
    }

    @Test
    void encodeRecordsNoAutogradGraphOnAnyThread() throws Exception {
        FlowModel model = FlowModel.create(tinySpec(), FlowInit.advflow(4), manager);
        AtomicReference<Boolean> requiresGradient = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // PyTorch's grad mode is per thread and on by default outside the thread that loaded the engine.
        Thread worker = new Thread(() -> {
            try (NDManager call = manager.newSubManager()) {
                NDArray z = model.encode(uniform(call, 6, tinySpec().frameShape(2)));
                requiresGradient.set(z.hasGradient());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        worker.join();
        assertNull(failure.get());
        assertFalse(requiresGradient.get(), "encode built an autograd graph");
        model.clear();
    }

    @Test
    void wrongInputShapesAreRefused() {
        FlowModel model = FlowModel.create(tinySpec(), FlowInit.advflow(4), manager);
        try (NDManager call = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.encode(call.zeros(new Shape(2, 3, 8, 8))));
            assertTrue(e.getMessage().contains("(2, 3, 4, 4)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.decode(call.zeros(new Shape(2, 47))));
        }
        assertThrows(IllegalArgumentException.class, () -> FlowSpec.byName("glow"));
        assertEquals(FlowSpec.cpuTiny32(), FlowSpec.byName("cpu-tiny-32"));
        model.clear();
    }
}
