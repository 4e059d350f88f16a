package io.s2vc.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.s2vc.flow.EngineScalar;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.pretrain.LikelihoodStep;
import io.s2vc.model.BackboneType;
import io.s2vc.model.InfoNce;
import io.s2vc.model.MomentumContrast;
import io.s2vc.nd.ArrayScope;
import io.s2vc.nd.Autograd;
import io.s2vc.testing.TestArrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The reproducer's pattern in CI (../shared/reference/nan-repro): the same forward and backward many
 * times in one process, with libtorch's default threads (2 or more), on a flow pre-training step and on a
 * MoCo step: every gradient finite, every pass bit-identical to the first. On an AVX-512 AMD host the
 * coupling's gradients came out non-finite or different from pass to pass; a healthy host passes with or
 * without the fix, which is why {@code ConvolutionTailsTest} checks the faulty condition itself and
 * {@link #theCheckSeesGarbageInOneChannel} that this check would see the fault.
 */
class GradientStressTest {
    private static final int PASSES = 50;

    /** Finite and repeatable gradients over {@code passes} identical passes; the message says how not. */
    record Verdict(long nonFinite, double maxDifference, int passes) {
        boolean healthy() {
            return nonFinite == 0 && maxDifference == 0;
        }
    }

    static Verdict repeat(int passes, Supplier<float[]> pass) {
        float[] first = null;
        long nonFinite = 0;
        double maxDifference = 0;
        for (int p = 0; p < passes; p++) {
            float[] gradients = pass.get();
            for (float g : gradients) {
                nonFinite += Float.isFinite(g) ? 0 : 1;
            }
            if (first == null) {
                first = gradients;
            } else {
                for (int i = 0; i < gradients.length; i++) {
                    maxDifference = Math.max(maxDifference, Math.abs(gradients[i] - first[i]));
                }
            }
        }
        return new Verdict(nonFinite, Float.isNaN((float) maxDifference) ? Double.NaN : maxDifference, passes);
    }

    private static int threads() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }

    /** All gradients of {@code parameters}, concatenated, then zeroed for the next pass. */
    private static float[] takeGradients(PairList<String, Parameter> parameters) {
        int size = 0;
        for (Parameter p : parameters.values()) {
            size += (int) p.getArray().size();
        }
        float[] all = new float[size];
        int at = 0;
        try (Autograd.Scope paused = Autograd.pause()) {
            for (Parameter p : parameters.values()) {
                NDArray grad = p.getArray().getGradient();
                float[] values = grad.toFloatArray();
                System.arraycopy(values, 0, all, at, values.length);
                at += values.length;
                grad.set(new NDIndex("..."), 0f);
                grad.close();
            }
        }
        return all;
    }

    @Test
    void flowPretrainingGradientsAreFiniteAndRepeatable() {
        assertTrue(threads() >= 2 || Runtime.getRuntime().availableProcessors() < 2, "libtorch threads: " + threads());
        FlowSpec spec = FlowSpec.cpuTiny32();
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel model = FlowModel.create(spec, FlowInit.randomEverywhere(9, FlowInit.ADVFLOW_SIGMA), manager);
            PairList<String, Parameter> trainable = LikelihoodStep.trainableParameters(model);
            NDArray frames = TestArrays.uniform(manager, 4, spec.frameShape(16));
            Verdict verdict = repeat(PASSES, () -> {
                try (NDManager scope = manager.newSubManager(); Autograd.Scope recording = Autograd.record()) {
                    NDArray bits = model.bitsPerDim(ArrayScope.alias(frames, scope)).mean();
                    Autograd.backward(bits.mul(EngineScalar.of(bits, spec.dimensions() * Math.log(2))));
                }
                return takeGradients(trainable);
            });
            assertTrue(verdict.healthy(), "flow pre-training step with " + threads() + " threads: " + verdict);
        }
    }

    @Test
    void mocoGradientsAreFiniteAndRepeatable() {
        Shape clips = new Shape(8, 3, 8, 32, 32);
        try (NDManager manager = NDManager.newBaseManager();
                MomentumContrast contrast = MomentumContrast.builder().setBackbone(BackboneType.TINY3D)
                        .optQueueSize(64).optSeed(2).build(manager)) {
            PairList<String, Parameter> trainable = contrast.trainableParameters();
            NDArray queries = TestArrays.uniform(manager, 5, clips);
            NDArray keys = contrast.encodeKeys(TestArrays.uniform(manager, 6, clips));
            Verdict verdict = repeat(PASSES, () -> {
                try (NDManager scope = manager.newSubManager(); Autograd.Scope recording = Autograd.record()) {
                    NDArray q = contrast.encodeQueries(ArrayScope.alias(queries, scope));
                    Autograd.backward(contrast.contrast(q, ArrayScope.alias(keys, scope)).loss());
                }
                return takeGradients(trainable);
            });
            assertTrue(verdict.healthy(), "MoCo step with " + threads() + " threads: " + verdict);
        }
    }

    /** Garbage in one channel of one pass's gradient, as the faulty kernels wrote it, fails the check. */
    @Test
    void theCheckSeesGarbageInOneChannel() {
        int[] pass = {0};
        Verdict nan = repeat(5, () -> {
            float[] g = {1, 2, 3, 4};
            g[2] = ++pass[0] == 3 ? Float.NaN : g[2];
            return g;
        });
        assertEquals(1, nan.nonFinite());
        Verdict drift = repeat(5, () -> new float[] {1, ++pass[0] == 9 ? 2.5f : 2, 3});
        assertEquals(0.5, drift.maxDifference(), 1e-9);
        assertTrue(!nan.healthy() && !drift.healthy());
    }
}
