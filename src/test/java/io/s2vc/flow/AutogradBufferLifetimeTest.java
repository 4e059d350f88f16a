package io.s2vc.flow;

import io.s2vc.testing.TestArrays;
import static io.s2vc.testing.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Autograd keeps the permutations' indices and the scalar operands of products and quotients until
 * the backward pass, after the blocks have closed their own arrays. A garbage collection in between
 * must not change the gradients: it used to free the Java buffers behind them, and the backward pass
 * read garbage (indices out of bounds, NaN gradients). See {@link EngineScalar}.
 */
class AutogradBufferLifetimeTest {

    @Test
    void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward() {
        FlowSpec spec = FlowModelTest.tinySpec();
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel model = FlowModel.create(spec, FlowInit.randomEverywhere(2, 0.1f), manager);
            float[] quiet = gradient(model, manager, false);
            float[] collected = gradient(model, manager, true);
            assertArrayEquals(quiet, collected, 1e-6f);
        }
    }

    private static float[] gradient(FlowModel model, NDManager manager, boolean collectGarbage) {
        NDArray weight = model.stateDict().get("module_list.1.s1.conv1.weight").getArray();
        try (NDManager step = manager.newSubManager()) {
            NDArray x = uniform(step, 7, model.spec().frameShape(4));
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray bits = model.bitsPerDim(x).mean();
                if (collectGarbage) {
                    churnDirectMemory();
                }
                collector.backward(bits);
            }
            NDArray gradient = weight.getGradient();
            float[] values = gradient.toFloatArray();
            gradient.subi(gradient);
            gradient.close();
            return values;
        }
    }

    /** Lets the collector free unreachable direct buffers, then reuses their memory with other bytes. */
    private static void churnDirectMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            List<ByteBuffer> filler = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(8 * 16);
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0x7b);
                }
                filler.add(buffer);
            }
        }
    }
}
