package io.s2vc.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** Adam with coupled L2 decay against torch.optim.Adam's update computed by hand in double precision. */
class CoupledAdamTest {
    private static final float[] START = {1f, -2f, 0.5f};
    private static final float[] COEFFICIENTS = {0.3f, -1.2f, 2f};

    private static PairList<String, Parameter> parameter(NDManager manager) {
        Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                .optInitializer((m, shape, type) -> m.create(START, shape)).build();
        w.setShape(new Shape(3));
        w.initialize(manager, DataType.FLOAT32);
        PairList<String, Parameter> list = new PairList<>();
        list.add("w", w);
        return list;
    }

    /** Gradient of sum(c · w²) = 2·c·w, accumulated into w's .grad. */
    private static void backward(NDManager manager, Parameter w) {
        try (NDManager step = manager.newSubManager(); Autograd.Scope ignored = Autograd.record()) {
            NDArray c = step.create(COEFFICIENTS);
            Autograd.backward(w.getArray().square().mul(c).sum());
        }
    }

    @Test
    void followsTorchAdamWithCoupledWeightDecay() {
        double lr = 0.01;
        double wd = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        try (NDManager manager = NDManager.newBaseManager()) {
            PairList<String, Parameter> parameters = parameter(manager);
            Parameter w = parameters.valueAt(0);
            CoupledAdam adam = CoupledAdam.builder().optWeightDecay(wd).build(parameters, manager);

            double[] theta = {START[0], START[1], START[2]};
            double[] m = new double[3];
            double[] v = new double[3];
            for (int t = 1; t <= 3; t++) {
                adam.zeroGradients();
                backward(manager, w);
                adam.step(lr);
                for (int i = 0; i < 3; i++) {
                    double g = 2 * COEFFICIENTS[i] * theta[i] + wd * theta[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double stepSize = lr / (1 - Math.pow(b1, t));
                    theta[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps);
                }
                float[] actual = w.getArray().toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(theta[i], actual[i], 1e-6, "step " + t + ", element " + i);
                }
            }
            assertEquals(3, adam.steps());
            adam.zeroGradients();
            assertArrayEquals(new float[3], w.getArray().getGradient().toFloatArray(), 0f);
        }
    }

    @Test
    void stateRoundTripsExactly() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            PairList<String, Parameter> parameters = parameter(manager);
            CoupledAdam adam = CoupledAdam.builder().build(parameters, manager);
            backward(manager, parameters.valueAt(0));
            adam.step(1e-3);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                adam.writeState(out);
            }
            PairList<String, Parameter> other = parameter(manager);
            CoupledAdam restored = CoupledAdam.builder().build(other, manager);
            restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(1, restored.steps());
            assertArrayEquals(adam.firstMoment(0).toFloatArray(), restored.firstMoment(0).toFloatArray(), 0f);
            assertArrayEquals(adam.secondMoment(0).toFloatArray(), restored.secondMoment(0).toFloatArray(), 0f);
        }
    }

}
