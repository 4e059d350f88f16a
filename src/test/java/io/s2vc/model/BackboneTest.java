package io.s2vc.model;

import io.s2vc.testing.TestArrays;
import io.s2vc.nd.Autograd;
import io.s2vc.nd.ArrayScope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** Shapes, feature sizes, parameter counts and initialisation of the three backbones (one forward each). */
class BackboneTest {

    /** One inference forward of a batch-1 clip; returns the backbone's map and checks pooled features and embedding. */
    private static Shape forwardOnce(BackboneType type, Shape clip) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoder.builder().setBackbone(type).build();
            encoder.initialize(manager);
            NDArray x = TestArrays.uniform(manager, 1, new Shape(1, 3).addAll(clip));
            Shape map;
            try (Autograd.Scope ignored = Autograd.pause(); NDManager step = manager.newSubManager()) {
                NDArray input = ArrayScope.alias(x, step);
                map = encoder.backbone().forward(new ParameterStore(step, false), new NDList(input), false)
                        .singletonOrThrow().getShape();
            }
            assertEquals(new Shape(1, type.featureSize()), encoder.features(x).getShape());
            NDArray embedding = encoder.embed(x);
            assertEquals(new Shape(1, 128), embedding.getShape());
            assertEquals(1f, embedding.norm().getFloat(), 1e-5f, "embeddings are L2-normalised");
            assertEquals(map, encoder.backbone().getOutputShapes(new Shape[] {x.getShape()})[0],
                    "computed output shape");
            return map;
        }
    }

    @Test
    void r3d18MapsA16x112ClipTo512Features() {
        assertEquals(new Shape(1, 512, 1, 4, 4), forwardOnce(BackboneType.R3D18, new Shape(16, 112, 112)));
    }

    /** Kept small on purpose: 8×64×64 is about the smallest clip that passes all of S3D's poolings. */
    @Test
    void s3dGives1024Features() {
        assertEquals(new Shape(1, 1024, 1, 2, 2), forwardOnce(BackboneType.S3D, new Shape(8, 64, 64)));
    }

    @Test
    void tiny3dGives128Features() {
        assertEquals(new Shape(1, 128, 2, 3, 3), forwardOnce(BackboneType.TINY3D, new Shape(8, 48, 48)));
    }

    @Test
    void r3d18IsHarasResNet18WithTheOfficialInitialisation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone backbone = BackboneType.R3D18.newBackbone(5);
            backbone.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, BackboneType.R3D18.inputShape(1));
            long learnable = 0;
            for (Pair<String, Parameter> p : MomentumUpdate.learnableParameters(backbone)) {
                learnable += p.getValue().getArray().size();
            }
            // 33,194,304 convolution weights (no biases) + γ and β of 4,800 BN channels.
            assertEquals(33_194_304L + 2 * 4_800, learnable);
            Parameter conv1 = backbone.getParameters().get("01conv1_01conv_weight");
            assertEquals(new Shape(64, 3, 7, 7, 7), conv1.getShape());
            // Kaiming normal, fan_out = 64·343: std √(2 / 21952) ≈ 0.00955.
            assertEquals(Math.sqrt(2.0 / (64 * 343)), std(conv1.getArray()), 2e-4);
            Parameter gamma = backbone.getParameters().get("01conv1_02bn_gamma");
            assertEquals(1f, gamma.getArray().min().getFloat());
            assertEquals(1f, gamma.getArray().max().getFloat());
        }
    }

    @Test
    void s3dAndHeadUseTheirOfficialInitialisations() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoder.builder().setBackbone(BackboneType.S3D).build();
            encoder.initialize(manager);
            Parameter conv = encoder.getParameters().get("01backbone_11mixed4d_01branch0_01conv_weight");
            assertEquals(0.01, std(conv.getArray()), 5e-4);
            NDArray fc1 = encoder.getParameters().get("02head_01fc1_weight").getArray();
            assertEquals(new Shape(1024, 1024), fc1.getShape());
            double bound = 1 / Math.sqrt(1024);
            assertTrue(fc1.abs().max().getFloat() <= bound);
            assertEquals(bound / Math.sqrt(3), std(fc1), 1e-3 * bound * 10, "U(-b, b) has std b/√3");
        }
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder a = Encoder.builder().setBackbone(BackboneType.TINY3D).optSeed(4).build();
            Encoder b = Encoder.builder().setBackbone(BackboneType.TINY3D).optSeed(4).build();
            Encoder c = Encoder.builder().setBackbone(BackboneType.TINY3D).optSeed(5).build();
            a.initialize(manager);
            b.initialize(manager);
            c.initialize(manager);
            String name = "01backbone_02block2_01conv_weight";
            NDArray wa = a.getParameters().get(name).getArray();
            assertEquals(0f, TestArrays.maxAbsDiff(wa, b.getParameters().get(name).getArray()));
            assertNotEquals(0f, TestArrays.maxAbsDiff(wa, c.getParameters().get(name).getArray()));
        }
    }

    @Test
    void backbonesAreFoundByName() {
        assertSame(BackboneType.R3D18, BackboneType.fromName("r3d18"));
        assertSame(BackboneType.S3D, BackboneType.fromName(" S3D "));
        assertSame(BackboneType.TINY3D, BackboneType.fromName("tiny3d"));
        assertEquals(512, BackboneType.R3D18.featureSize());
        assertEquals(1024, BackboneType.S3D.featureSize());
        assertEquals(128, BackboneType.TINY3D.featureSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackboneType.fromName("r2d"));
        assertTrue(e.getMessage().contains("r3d18, s3d, tiny3d"), e.getMessage());
    }

    @Test
    void imageNetNormalisationIsPerChannel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ones = manager.ones(new Shape(1, 3, 2, 2, 2));
            float[] normalised = ImageNetNormalization.apply(ones).toFloatArray();
            for (int c = 0; c < 3; c++) {
                float expected = (1 - ImageNetNormalization.MEAN[c]) / ImageNetNormalization.STD[c];
                for (int i = 0; i < 8; i++) {
                    assertEquals(expected, normalised[c * 8 + i], 1e-6f);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> ImageNetNormalization.apply(manager.ones(new Shape(1, 4, 2, 2, 2))));
        }
    }

    private static double std(NDArray array) {
        float[] values = array.toFloatArray();
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / values.length;
        return Math.sqrt(squares / values.length - mean * mean);
    }
}
