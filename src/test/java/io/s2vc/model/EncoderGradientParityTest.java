package io.s2vc.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.s2vc.nd.Autograd;
import io.s2vc.testing.GradientParity;
import io.s2vc.testing.TestArrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every MoCo encoder (backbone + head), one InfoNCE loss and backward in float32 on the engine's fast
 * kernels, against the same graph in float64 (libtorch's reference convolutions): gradients of every
 * parameter agree to 1e-3 relative (see {@link GradientParity}).
 *
 * <p>tiny3d also runs with the batch in two BN groups, the query path of {@code moco.bn_groups = 2}.
 *
 * <p>tiny3d runs BN in training mode, as a MoCo step does. R3D-18 and S3D run it with running statistics:
 * on clips small enough for CI their deep layers normalise a few values per channel, and batch statistics
 * of so few values amplify float32 rounding far past 1e-3 (measured: R3D-18 at 8×32×32 in training mode,
 * a first-layer coordinate 530× the tolerance, while float32 with and without oneDNN agreed with each
 * other); with larger clips ReLU kinks that float32 and float64 resolve differently do the same. Neither
 * is a kernel fault, and neither would show one.
 */
class EncoderGradientParityTest {
    private static final int BATCH = 4;
    private static final double TEMPERATURE = 0.07;

    @ParameterizedTest
    @CsvSource({"tiny3d, 8, 32, true, 1", "tiny3d, 8, 32, true, 2", "r3d18, 8, 32, false, 1", "s3d, 8, 32, false, 1"})
    void infoNceGradientsMatchFloat64(String backbone, int frames, int size, boolean training, int bnGroups) {
        BackboneType type = BackboneType.fromName(backbone);
        Shape clips = new Shape(BATCH, 3, frames, size, size);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder single = Encoder.builder().setBackbone(type).optSeed(5).build();
            single.initialize(manager, DataType.FLOAT32, clips);
            Encoder wide = Encoder.builder().setBackbone(type).optSeed(5).build();
            wide.initialize(manager, DataType.FLOAT64, clips);
            GradientParity.copyValues(single.getParameters(), wide.getParameters());

            NDArray x = TestArrays.uniform(manager, 7, clips);
            NDArray keys = unitRows(TestArrays.uniform(manager, 8, new Shape(BATCH, single.embeddingSize())).sub(0.5f));
            NDArray queue = unitRows(TestArrays.uniform(manager, 9, new Shape(single.embeddingSize(), 16)).sub(0.5f)
                    .transpose()).transpose();
            Map<String, double[]> got = backward(single, x, keys, queue, training, bnGroups);
            Map<String, double[]> reference = backward(wide, x.toType(DataType.FLOAT64, true),
                    keys.toType(DataType.FLOAT64, true), queue.toType(DataType.FLOAT64, true), training, bnGroups);
            GradientParity.assertClose(backbone + " in " + bnGroups + " BN group(s)", got, reference, 1000);
        }
    }

    private static Map<String, double[]> backward(Encoder encoder, NDArray x, NDArray keys, NDArray queue, boolean training,
            int bnGroups) {
        for (var p : encoder.getParameters().values()) {
            if (MomentumUpdate.isLearnable(p)) {
                p.getArray().setRequiresGradient(true);
            }
        }
        try (NDManager scope = x.getManager().newSubManager(); Autograd.Scope recording = Autograd.record()) {
            ParameterStore store = new ParameterStore(scope, false);
            // The query path of a MoCo step: the batch in BN groups (shuffle-BN in one process), then the head.
            NDArray queries = BatchNormGroups.forward(x, bnGroups, false,
                    clips -> encoder.project(store, encoder.features(store, clips, training), training));
            Autograd.backward(InfoNce.compute(queries, keys, queue, TEMPERATURE).loss());
        }
        return io.s2vc.testing.GradientParity.gradients(MomentumUpdate.learnableParameters(encoder));
    }

    private static NDArray unitRows(NDArray rows) {
        return rows.div(rows.norm(new int[] {1}, true));
    }
}
