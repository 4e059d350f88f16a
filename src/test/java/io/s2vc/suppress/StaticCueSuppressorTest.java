package io.s2vc.suppress;

import io.s2vc.nd.ClipTensors;
import static io.s2vc.suppress.SuppressTestArrays.halfMovingClip;
import static io.s2vc.suppress.SuppressTestArrays.maxAbsDiff;
import static io.s2vc.suppress.SuppressTestArrays.meanTemporalStd;
import static io.s2vc.suppress.SuppressTestArrays.staticClips;
import static io.s2vc.suppress.SuppressTestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.s2vc.flow.FlowModel;
import io.s2vc.video.Clip;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole suppression on the cpu-tiny-32 flow with random weights, clips of 8 frames at 40×40. */
class StaticCueSuppressorTest {
    private static final Shape CLIPS = new Shape(2, 3, 8, 40, 40);
    private static final int LATENTS = 3 * 32 * 32;

    private static NDManager manager;
    private static FlowModel flow;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        flow = SuppressTestArrays.tinyFlow(manager);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static StaticCueSuppressor.Builder suppressor() {
        return StaticCueSuppressor.builder().setFlow(flow);
    }

    @Test
    void alphaZeroReturnsTheInputAndLeavesOnlyTheOutputBehind() {
        try (StaticCueSuppressor suppressor = suppressor().optAlpha(0).build();
                NDManager call = manager.newSubManager()) {
            NDArray clips = uniform(call, 1, CLIPS);
            int before = call.getManagedArrays().size();
            SuppressionResult result = suppressor.suppress(clips);
            assertEquals(before + 1, call.getManagedArrays().size(), "no temporaries left in the caller's manager");
            assertEquals(CLIPS, result.output().getShape());
            float error = maxAbsDiff(result.output(), clips);
            assertTrue(error < 1e-4, "nothing suppressed, so output = input up to float error; got " + error);
            assertArrayEquals(new float[] {0f, 0f}, result.suppressedFractions());

            int cached = manager.getManagedArrays().size();
            suppressor.suppress(clips).close();
            assertEquals(cached, manager.getManagedArrays().size(), "the matrices are built once per clip size");
        }
    }

    @Test
    void aClipThatNeverChangesHasEveryLatentSuppressed() {
        try (StaticCueSuppressor suppressor = suppressor().build(); NDManager call = manager.newSubManager()) {
            NDArray clips = staticClips(call, 2, 2, 8, 40, 40);
            SuppressionResult result = suppressor.suppress(clips);
            assertArrayEquals(new float[] {1f, 1f}, result.suppressedFractions());
            assertTrue(meanTemporalStd(result.output(), 0, 40) < 1e-5, "a static clip stays static");
        }
    }

    /**
     * The untrained, near-identity flow keeps latents at the scale of the pooled pixels (std ≈ 0.15–0.3 for
     * uniform noise) where a trained flow spreads them to unit scale, and a static latent has std ≈ 0:
     * α = 0.05 separates the two here as the paper's 0.5 does for a trained flow.
     */
    @Test
    void theMovingHalfKeepsItsMotionAndTheStaticHalfStaysStatic() {
        try (StaticCueSuppressor suppressor = suppressor().optAlpha(0.05).build();
                NDManager call = manager.newSubManager()) {
            NDArray clip = halfMovingClip(call, 3, 8, 40, 40);
            SuppressionResult result = suppressor.suppress(clip);
            NDArray out = result.output();
            float fraction = result.suppressedFractions()[0];
            assertEquals(0.5, fraction, 0.05, "the latents of the static half");

            // Moving half (x ≥ 20): the content itself is kept, not only the residual's share of the motion.
            float movingIn = meanTemporalStd(clip, 20, 40);
            assertEquals(movingIn, meanTemporalStd(out, 20, 40), 0.05 * movingIn, "temporal variation kept");
            assertTrue(meanAbsDiff(out, clip, 20, 40) < 0.05, "moving pixels barely change");
            // Static half: suppressed (changed a lot) and still static.
            assertTrue(meanTemporalStd(out, 0, 20) < 0.01, "the static half stays static");
            assertTrue(meanAbsDiff(out, clip, 0, 20) > 0.3, "the static half is suppressed, not passed through");
        }
    }

    private static float meanAbsDiff(NDArray a, NDArray b, long fromColumn, long toColumn) {
        String columns = ":, :, :, :, " + fromColumn + ":" + toColumn;
        try (NDArray difference = a.get(columns).sub(b.get(columns)).abs()) {
            return difference.mean().getFloat();
        }
    }

    @Test
    void topModeKeepsFloorAlphaDLatentsPerClip() {
        try (StaticCueSuppressor suppressor = suppressor().optMode(SelectionMode.TOP).optAlpha(0.25).build();
                NDManager call = manager.newSubManager()) {
            SuppressionResult result = suppressor.suppress(uniform(call, 4, CLIPS));
            float expected = 1f - (float) Math.floor(0.25 * LATENTS) / LATENTS;
            assertArrayEquals(new float[] {expected, expected}, result.suppressedFractions(), 1e-6f);
        }
    }

    @Test
    void randomStrategiesAreReproducibleFromTheirSeeds() {
        for (SuppressionStrategy strategy : new SuppressionStrategy[] {
            SuppressionStrategy.NOISE, SuppressionStrategy.SHUFFLE_CLIP, SuppressionStrategy.SHUFFLE_FRAME}) {
            try (StaticCueSuppressor suppressor = suppressor().optStrategy(strategy).optSeed(11).build();
                    StaticCueSuppressor reseeded = suppressor().optStrategy(strategy).optSeed(12).build();
                    NDManager call = manager.newSubManager()) {
                NDArray clip = halfMovingClip(call, 5, 4, 32, 32);
                long[] seed = {SuppressionSeeds.forClip("video-a", 0)};
                float[] first = suppressor.suppress(clip, seed).output().toFloatArray();
                float[] again = suppressor.suppress(clip, seed).output().toFloatArray();
                float[] otherClipSeeds = suppressor.suppress(clip, new long[] {SuppressionSeeds.forClip("video-a", 1)})
                        .output().toFloatArray();
                float[] otherSeed = reseeded.suppress(clip, seed).output().toFloatArray();
                assertArrayEquals(first, again, strategy + ": same seeds, same output");
                assertFalse(Arrays.equals(first, otherClipSeeds), strategy + ": other clip seeds, other output");
                assertFalse(Arrays.equals(first, otherSeed), strategy + ": other suppressor seed, other output");
            }
        }
    }

    @Test
    void theFloatOutputIsUnclampedAndTheWireFormIsRoundedThenClamped() {
        // α far above every std: all latents are zeroed, out = up(flow⁻¹(0)) + (x − up(small)) leaves [0, 1].
        try (StaticCueSuppressor suppressor = suppressor().optAlpha(100).build();
                NDManager call = manager.newSubManager()) {
            NDArray output = suppressor.suppress(uniform(call, 6, CLIPS)).output();
            assertTrue(output.min().getFloat() < -0.05f,
                    "values below 0 are kept: " + output.min().getFloat() + " .. " + output.max().getFloat());

            float[][] floats = ClipTensors.toFloats(output);
            List<Clip> clips = ClipTensors.toClips(output);
            int clamped = 0;
            for (int b = 0; b < floats.length; b++) {
                byte[] bytes = clips.get(b).rgb();
                for (int i = 0; i < floats[b].length; i++) {
                    float scaled = 255 * floats[b][i];
                    int expected = (int) Math.max(0, Math.min(255, Math.floor(scaled + 0.5f)));
                    assertEquals(expected, bytes[i] & 0xFF, "value " + floats[b][i]);
                    clamped += scaled < -0.5f || scaled > 255.5f ? 1 : 0;
                }
            }
            assertTrue(clamped > 0, "the clamp was exercised");
        }
    }

    @Test
    void theWireFormRoundsHalfUpThenClampsBothWays() {
        try (NDManager call = manager.newSubManager()) {
            float[] values = {-0.3f, 0f, 0.2f, 100.4f / 255, 100.6f / 255, 1f, 1.2f, 255.4f / 255};
            NDArray clip = call.create(values, new Shape(1, 1, 8, 1, 1)).repeat(1, 3);
            byte[] rgb = ClipTensors.toClips(clip).get(0).rgb();
            int[] expected = {0, 0, 51, 100, 101, 255, 255, 255};
            for (int t = 0; t < values.length; t++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(expected[t], rgb[t * 3 + c] & 0xFF, "value " + values[t]);
                }
            }
        }
    }

    @Test
    void uint8ClipsRoundTripThroughTheWireForm() {
        try (StaticCueSuppressor suppressor = suppressor().optAlpha(0).build();
                NDManager call = manager.newSubManager()) {
            List<Clip> clips = ClipTensors.toClips(uniform(call, 7, CLIPS));
            NDArray tensor = ClipTensors.toTensor(clips, call);
            assertEquals(CLIPS, tensor.getShape());
            assertEquals(clips, ClipTensors.toClips(tensor), "uint8 → float → uint8 is exact");
            assertEquals(clips.get(1).get(5, 7, 9, 2) / 255f, tensor.getFloat(1, 2, 5, 7, 9), 1e-7f, "(B, 3, T, H, W) layout");

            SuppressedClips result = suppressor.suppress(clips, new long[] {1, 2});
            assertEquals(clips, result.clips(), "α = 0 returns the same bytes");
            assertArrayEquals(new float[] {0f, 0f}, result.suppressedFractions());
        }
    }

    @Test
    void noAutogradGraphIsRecordedEvenForAnInputThatRequiresGradients() {
        try (StaticCueSuppressor suppressor = suppressor().optStrategy(SuppressionStrategy.NOISE).build();
                NDManager call = manager.newSubManager()) {
            NDArray clips = uniform(call, 8, CLIPS);
            clips.setRequiresGradient(true);
            try (GradientCollector ignored = manager.getEngine().newGradientCollector()) {
                NDArray output = suppressor.suppress(clips).output();
                assertFalse(output.hasGradient(), "the output is not part of an autograd graph");
            }
        }
    }

    @Test
    void badShapesAreRejectedNamingTheShape() {
        try (StaticCueSuppressor suppressor = suppressor().build(); NDManager call = manager.newSubManager()) {
            assertRejected(suppressor, call.zeros(new Shape(2, 3, 8, 40)), "5-D", "(2, 3, 8, 40)");
            assertRejected(suppressor, call.zeros(new Shape(2, 1, 8, 40, 40)), "3 channels", "(2, 1, 8, 40, 40)");
            assertRejected(suppressor, call.zeros(new Shape(2, 3, 1, 40, 40)), "T >= 2", "(2, 3, 1, 40, 40)");
            assertRejected(suppressor, call.zeros(new Shape(2, 3, 8, 40, 40), DataType.FLOAT64), "float32", "float64");
            IllegalArgumentException seeds = assertThrows(IllegalArgumentException.class,
                    () -> suppressor.suppress(call.zeros(CLIPS), new long[] {1}));
            assertTrue(seeds.getMessage().contains("one seed per clip"), seeds.getMessage());
        }
    }

    @Test
    void theBuilderRejectsInconsistentOptions() {
        assertThrows(IllegalArgumentException.class, () -> StaticCueSuppressor.builder().build(), "ZERO needs a flow");
        assertThrows(IllegalArgumentException.class, () -> suppressor().optAlpha(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> suppressor().optAlpha(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> suppressor().optMode(SelectionMode.TOP).optAlpha(1.5).build());
        assertThrows(IllegalArgumentException.class,
                () -> StaticCueSuppressor.builder().optStrategy(SuppressionStrategy.TFD).optTfdKeepFraction(2).build());
        try (StaticCueSuppressor defaults = suppressor().build()) {
            assertEquals(0.5, defaults.alpha());
            assertEquals(SelectionMode.THRESHOLD, defaults.mode());
            assertEquals(SuppressionStrategy.ZERO, defaults.strategy());
            assertEquals(0.2, defaults.tfdKeepFraction());
        }
    }

    private static void assertRejected(StaticCueSuppressor suppressor, NDArray clips, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> suppressor.suppress(clips));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should name " + fragment);
        }
    }

    @Test
    void latentsAreZeroExactlyWhereSuppressedAndMatchTheFractions() {
        // Top mode keeps a quarter: with random weights a threshold of 0.5 would suppress every latent.
        try (StaticCueSuppressor suppressor = suppressor().optMode(SelectionMode.TOP).optAlpha(0.25).build();
                NDManager call = manager.newSubManager()) {
            NDArray clips = halfMovingClip(call, 4, 8, 40, 40);
            try (SuppressedLatents latents = suppressor.latents(clips, new long[] {0})) {
                assertEquals(new Shape(1, 8, LATENTS), latents.latents().getShape());
                assertEquals(new Shape(1, 8, LATENTS), latents.suppressed().getShape());
                NDArray zeroed = latents.suppressed().abs().max(new int[] {1}).eq(0);
                float share = zeroed.toType(DataType.FLOAT32, false).mean().getFloat();
                assertEquals(latents.suppressedFractions()[0], share, 1e-6);
                assertTrue(share > 0 && share < 1, "some latents suppressed, not all: " + share);
                NDArray kept = zeroed.logicalNot().expandDims(1).toType(DataType.FLOAT32, false);
                assertEquals(0, maxAbsDiff(latents.latents().mul(kept), latents.suppressed()), 1e-6);
                assertEquals(suppressor.suppress(clips).suppressedFractions()[0], latents.suppressedFractions()[0]);
            }
        }
    }

    @Test
    void variantsSharingOneEncodingEqualWhatEachSuppressorReturnsAlone() {
        List<StaticCueSuppressor.Variant> variants = List.of(new StaticCueSuppressor.Variant(SuppressionStrategy.ZERO, 0.3),
                new StaticCueSuppressor.Variant(SuppressionStrategy.NOISE, 0.5),
                new StaticCueSuppressor.Variant(SuppressionStrategy.SHUFFLE_FRAME, 0.5),
                new StaticCueSuppressor.Variant(SuppressionStrategy.TFD, 0));
        long[] seeds = {41, 42};
        try (StaticCueSuppressor shared = suppressor().optSeed(5).build(); NDManager call = manager.newSubManager()) {
            NDArray clips = halfMovingClip(call, 2, 8, 40, 40).concat(halfMovingClip(call, 3, 8, 40, 40), 0);
            List<SuppressionResult> together = shared.suppressVariants(clips, seeds, variants);
            assertEquals(variants.size(), together.size());
            for (int v = 0; v < variants.size(); v++) {
                StaticCueSuppressor.Variant variant = variants.get(v);
                try (StaticCueSuppressor alone = suppressor().optSeed(5).optStrategy(variant.strategy())
                        .optAlpha(variant.alpha()).build()) {
                    SuppressionResult expected = alone.suppress(clips, seeds);
                    assertEquals(0f, maxAbsDiff(together.get(v).output(), expected.output()), 1e-6f, variant.toString());
                    assertArrayEquals(expected.suppressedFractions(), together.get(v).suppressedFractions(), 1e-7f);
                }
            }
            assertTrue(maxAbsDiff(together.get(0).output(), together.get(1).output()) > 1e-3,
                    "zeroing and noise give different clips");
        }
    }

    @Test
    void withoutTheResidualTheOutputLosesExactlyTheDetailFinerThanTheFlow() {
        long[] seeds = {1, 2};
        try (StaticCueSuppressor kept = suppressor().build();
                StaticCueSuppressor dropped = suppressor().optKeepResidual(false).build();
                NDManager call = manager.newSubManager()) {
            NDArray clips = uniform(call, 8, CLIPS);
            NDArray withResidual = kept.suppress(clips, seeds).output();
            NDArray without = dropped.suppress(clips, seeds).output();
            FrameResampler resampler = new FrameResampler(40, 40, 32, 32, call);
            NDArray frames = clips.transpose(0, 2, 1, 3, 4).reshape(2 * 8, 3, 40, 40);
            NDArray residual = frames.sub(resampler.up(resampler.down(frames))).reshape(2, 8, 3, 40, 40)
                    .transpose(0, 2, 1, 3, 4);
            assertTrue(maxAbsDiff(withResidual.sub(without), residual) < 1e-4, "out(kept) - out(dropped) = x - up(down(x))");
            assertTrue(maxAbsDiff(residual, residual.zerosLike()) > 0.1, "random clips have detail finer than 32x32");
        }
    }
}
