package io.s2vc.flow.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.Initializer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import ai.djl.util.PairList;
import io.s2vc.nd.CoupledAdam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts of pre-training: schedule, Adam, dequantisation, pool. */
class TrainingPiecesTest {

    @Test
    void scheduleWarmsUpThenDecaysPerEpochToTheTotalFactor() {
        LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 10, 4, 0.01, 1, 0.02);
        assertEquals(50, schedule.totalSteps());
        assertEquals(2e-5, schedule.rate(0), 1e-15);
        assertEquals(2e-5, schedule.rate(9), 1e-15);
        assertEquals(1e-3, schedule.rate(10), 1e-15); // epoch 0 runs at the full rate
        assertEquals(1e-3, schedule.rate(19), 1e-15);
        assertEquals(1e-3 * Math.pow(0.01, 0.25), schedule.rate(20), 1e-15);
        assertEquals(1e-3 * Math.pow(0.01, 0.75), schedule.rate(49), 1e-15);
        assertEquals(-1, schedule.epoch(0));
        assertEquals(3, schedule.epoch(49));
    }

    /** Adam with coupled L2 on f(θ) = Σ θ², against the same update in double precision. */
    @Test
    void adamMatchesTorchsUpdateWithCoupledWeightDecay() {
        float[] start = {0.5f, -1.5f, 2f};
        double lr = 0.1;
        double wd = 0.01;
        double eps = 1e-6;
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter theta = Parameter.builder().setName("theta").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(3)).optInitializer(Initializer.ZEROS).build();
            theta.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
            theta.getArray().set(start);
            PairList<String, Parameter> parameters = new PairList<>();
            parameters.add("theta", theta);
            CoupledAdam adam = CoupledAdam.builder().optBeta1(0.9).optBeta2(0.999).optEpsilon(eps).optWeightDecay(wd)
                    .build(parameters, manager);
            double[] expected = {start[0], start[1], start[2]};
            double[] m = new double[3];
            double[] v = new double[3];
            for (int t = 1; t <= 5; t++) {
                try (NDManager step = manager.newSubManager(); GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray value = theta.getArray();
                    NDArray loss = value.mul(value).sum();
                    loss.attach(step);
                    collector.backward(loss);
                }
                adam.step(lr);
                adam.zeroGradients(); // as the pre-trainer does after every step
                for (int i = 0; i < 3; i++) {
                    double g = 2 * expected[i] + wd * expected[i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + eps;
                    expected[i] -= lr / (1 - Math.pow(0.9, t)) * m[i] / denominator;
                }
            }
            float[] actual = theta.getArray().toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], actual[i], 1e-5);
            }
            assertEquals(5, adam.steps());
            assertEquals(0f, theta.getArray().getGradient().abs().sum().getFloat(), "gradients are zeroed after a step");
        }
    }

    @Test
    void dequantizationStaysInTheFramesBinAndFlipsMirrorRows() {
        byte[] frame = new byte[2 * 3 * 3];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 13);
        }
        List<FramePool.FrameRef> frames = List.of(FramePool.FrameRef.of(frame));
        float[] plain = new Dequantizer(2, 3, 0, 0).dequantizeOnly(frames, new SplittableRandom(1));
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 6; p++) {
                int v = frame[p * 3 + c] & 0xff;
                float x = plain[c * 6 + p];
                assertTrue(x >= v / 256f && x < (v + 1) / 256f, "value " + v + " dequantised to " + x);
            }
        }
        float[] flipped = new Dequantizer(2, 3, 1, 0).training(frames, new SplittableRandom(1));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    int v = frame[(y * 3 + (2 - x)) * 3 + c] & 0xff;
                    float value = flipped[c * 6 + y * 3 + x];
                    assertTrue(value >= v / 256f && value < (v + 1) / 256f);
                }
            }
        }
    }

    @Test
    void poolFillsThenReplacesAndRoundTripsThroughAFile(@TempDir Path dir) throws Exception {
        FramePool pool = new FramePool(4, 2);
        SplittableRandom random = new SplittableRandom(3);
        pool.add(List.of(new byte[] {1, 1}, new byte[] {2, 2}, new byte[] {3, 3}), random);
        assertEquals(3, pool.size());
        pool.add(List.of(new byte[] {4, 4}, new byte[] {5, 5}, new byte[] {6, 6}), random);
        assertEquals(4, pool.size());
        assertTrue(pool.isFull());
        pool.write(dir.resolve("pool.bin"));
        FramePool copy = new FramePool(4, 2);
        copy.read(dir.resolve("pool.bin"));
        assertEquals(4, copy.size());
        for (int i = 0; i < 4; i++) {
            FramePool.FrameRef a = pool.frames(i, 1).get(0);
            FramePool.FrameRef b = copy.frames(i, 1).get(0);
            assertArrayEquals(new byte[] {a.data()[a.offset()], a.data()[a.offset() + 1]},
                    new byte[] {b.data()[b.offset()], b.data()[b.offset() + 1]});
        }
    }
}
