package io.s2vc.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.PairList;
import io.s2vc.model.BackboneType;
import io.s2vc.model.Encoder;
import io.s2vc.model.MomentumUpdate;
import io.s2vc.nd.Autograd;
import io.s2vc.testing.GradientParity;
import io.s2vc.testing.TestArrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The evaluation heads that train: the linear probe's hand-written gradients and fine-tuning's graph, against float64 references. */
class HeadGradientParityTest {
    @Test
    void linearProbeGradientsMatchFiniteDifferences() {
        int dim = 16;
        int classes = 5;
        SplittableRandom random = new SplittableRandom(3);
        LinearProbe probe = new LinearProbe(dim, classes, 4);
        for (double[] values : probe.parameterArrays()) { // away from the initial gamma = 1, beta = 0
            for (int i = 0; i < values.length; i++) {
                values[i] += 0.3 * random.nextGaussian();
            }
        }
        double[][] x = new double[24][dim];
        int[] labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int d = 0; d < dim; d++) {
                x[i][d] = random.nextGaussian();
            }
            labels[i] = random.nextInt(classes);
        }
        int[] rows = {0, 3, 4, 7, 8, 9, 12, 15, 16, 20, 21, 23};
        LinearProbe.Gradients analytic = probe.gradients(x, labels, rows);
        List<double[]> analyticArrays = new java.util.ArrayList<>(List.of(analytic.weight()));
        analyticArrays.addAll(List.of(analytic.bias(), analytic.gamma(), analytic.beta()));

        Map<String, double[]> got = new LinkedHashMap<>();
        Map<String, double[]> reference = new LinkedHashMap<>();
        List<double[]> parameters = probe.parameterArrays();
        for (int p = 0; p < parameters.size(); p++) {
            double[] values = parameters.get(p);
            double[] numeric = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                double original = values[i];
                double h = 1e-6;
                values[i] = original + h;
                double plus = probe.gradients(x, labels, rows).loss();
                values[i] = original - h;
                double minus = probe.gradients(x, labels, rows).loss();
                values[i] = original;
                numeric[i] = (plus - minus) / (2 * h);
            }
            got.put("array " + p, analyticArrays.get(p));
            reference.put("array " + p, numeric);
        }
        GradientParity.assertClose("linear probe", got, reference, dim * classes + classes + 2 * dim);
    }

    @Test
    void fineTuningGradientsMatchFloat64() {
        Shape clips = new Shape(4, 3, 8, 32, 32);
        int classes = 3;
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder[] encoders = new Encoder[2];
            Linear[] heads = new Linear[2];
            DataType[] types = {DataType.FLOAT32, DataType.FLOAT64};
            for (int i = 0; i < 2; i++) {
                encoders[i] = Encoder.builder().setBackbone(BackboneType.TINY3D).optSeed(5).build();
                encoders[i].initialize(manager, types[i], clips);
                heads[i] = Linear.builder().setUnits(classes).build();
                heads[i].initialize(manager, types[i], new Shape(1, encoders[i].featureSize()));
            }
            GradientParity.copyValues(encoders[0].getParameters(), encoders[1].getParameters());
            GradientParity.copyValues(heads[0].getParameters(), heads[1].getParameters());
            NDArray x = TestArrays.uniform(manager, 7, clips);
            NDArray mask = TestArrays.uniform(manager, 8, new Shape(4, encoders[0].featureSize())).gt(0.5f)
                    .toType(DataType.FLOAT32, false).mul(2); // dropout 0.5, scaled
            NDArray oneHot = manager.create(new int[] {0, 2, 1, 2}).oneHot(classes);
            List<Map<String, double[]>> gradients = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                PairList<String, Parameter> trained = MomentumUpdate.learnableParameters(encoders[i].backbone());
                trained.addAll(MomentumUpdate.learnableParameters(heads[i]));
                for (Parameter p : trained.values()) {
                    p.getArray().setRequiresGradient(true);
                }
                try (NDManager scope = manager.newSubManager(); Autograd.Scope recording = Autograd.record()) {
                    NDArray loss = FineTune.loss(encoders[i], heads[i], alias(x, types[i], scope),
                            alias(mask, types[i], scope), alias(oneHot, types[i], scope));
                    Autograd.backward(loss);
                }
                gradients.add(GradientParity.gradients(trained));
            }
            GradientParity.assertClose("fine-tuning (tiny3d + dropout + linear)", gradients.get(0), gradients.get(1), 1000);
        }
    }

    private static NDArray alias(NDArray array, DataType type, NDManager scope) {
        NDArray converted = array.toType(type, true);
        converted.attach(scope);
        return converted;
    }
}
