package io.s2vc.model;

import io.s2vc.nd.Autograd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;

/** The key-encoder update on hand-made parameters: learnable ones blend, BN running statistics stay. */
class MomentumUpdateTest {

    private static Block handMade(NDManager manager, float offset) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(2).build())
                .add(BatchNorm.builder().build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        PairList<String, Parameter> parameters = block.getParameters();
        try (Autograd.Scope ignored = Autograd.pause()) {
            setValues(manager, parameters, offset);
        }
        return block;
    }

    /** Parameter i gets offset + 10·i + j at position j. */
    private static void setValues(NDManager manager, PairList<String, Parameter> parameters, float offset) {
        for (int i = 0; i < parameters.size(); i++) {
            float[] values = new float[Math.toIntExact(parameters.valueAt(i).getArray().size())];
            for (int j = 0; j < values.length; j++) {
                values[j] = offset + 10 * i + j;
            }
            parameters.valueAt(i).getArray().set(new NDIndex("..."), manager.create(values,
                    parameters.valueAt(i).getArray().getShape()));
        }
    }

    @Test
    void blendsLearnableParametersAndLeavesRunningStatisticsAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block query = handMade(manager, 1.5f);
            Block key = handMade(manager, -4f);
            PairList<String, Parameter> before = key.getParameters();
            float[][] keyBefore = new float[before.size()][];
            for (int i = 0; i < before.size(); i++) {
                keyBefore[i] = before.valueAt(i).getArray().toFloatArray();
            }
            MomentumUpdate.blend(query, key, 0.9);

            PairList<String, Parameter> q = query.getParameters();
            PairList<String, Parameter> k = key.getParameters();
            int learnable = 0;
            for (int i = 0; i < k.size(); i++) {
                float[] after = k.valueAt(i).getArray().toFloatArray();
                if (MomentumUpdate.isLearnable(k.valueAt(i))) {
                    learnable++;
                    float[] qValues = q.valueAt(i).getArray().toFloatArray();
                    float[] expected = new float[after.length];
                    for (int j = 0; j < after.length; j++) {
                        // float32 arithmetic, as the tensors compute it: m·k + (1 − m)·q
                        expected[j] = keyBefore[i][j] * 0.9f + qValues[j] * (float) (1.0 - 0.9);
                    }
                    assertArrayEquals(expected, after, 0f, k.keyAt(i));
                } else {
                    assertArrayEquals(keyBefore[i], after, 0f, "running statistic " + k.keyAt(i) + " must not move");
                }
            }
            // Linear weight and bias, BN gamma and beta; running mean and variance are buffers.
            assertEquals(4, learnable);
            assertEquals(4, MomentumUpdate.learnableParameters(key).size());
        }
    }

    @Test
    void copyTakesEverythingIncludingBuffers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block query = handMade(manager, 2f);
            Block key = handMade(manager, 7f);
            MomentumUpdate.copy(query, key);
            PairList<String, Parameter> q = query.getParameters();
            PairList<String, Parameter> k = key.getParameters();
            for (int i = 0; i < k.size(); i++) {
                assertArrayEquals(q.valueAt(i).getArray().toFloatArray(), k.valueAt(i).getArray().toFloatArray(), 0f);
            }
        }
    }

    @Test
    void refusesBlocksOfDifferentArchitectures() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block small = handMade(manager, 0);
            SequentialBlock other = new SequentialBlock().add(Linear.builder().setUnits(2).build());
            other.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            assertThrows(IllegalArgumentException.class, () -> MomentumUpdate.blend(small, other, 0.5));
            assertThrows(IllegalArgumentException.class, () -> MomentumUpdate.blend(small, small, 1.5));
        }
    }
}
