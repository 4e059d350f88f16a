package io.s2vc.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.video.Clip;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ViewAugmenterTest {
    private static final ViewAugmenter PAPER = ViewAugmenter.builder().setOutputSize(112).build();

    @Test
    void sameInputsGiveIdenticalBytes() {
        Clip clip = TestClips.noise(4, 64, 80, 1);
        ViewAugmenter other = ViewAugmenter.builder().setOutputSize(112).build();
        PairViews first = PAPER.makeViews(clip, "v_ApplyEyeMakeup_g01_c01", 3);
        PairViews second = other.makeViews(clip, "v_ApplyEyeMakeup_g01_c01", 3);
        assertEquals(first, second);
    }

    @Test
    void differentClipIndexVideoOrSeedGivesDifferentViews() {
        Clip clip = TestClips.noise(4, 64, 80, 1);
        PairViews base = PAPER.makeViews(clip, "video", 0);
        PairViews otherIndex = PAPER.makeViews(clip, "video", 1);
        PairViews otherVideo = PAPER.makeViews(clip, "video2", 0);
        PairViews otherSeed = ViewAugmenter.builder().setOutputSize(112).optSeed(7).build()
                .makeViews(clip, "video", 0);
        for (PairViews other : new PairViews[] {otherIndex, otherVideo, otherSeed}) {
            assertNotEquals(base.query(), other.query());
            assertNotEquals(base.key(), other.key());
        }
        assertNotEquals(base.query(), base.key(), "query and key use independent crops");
    }

    /** A replay of the data set (pass above 0) gets new views; pass 0 keeps the views of before passes existed. */
    @Test
    void laterPassesGiveNewViewsAndPassZeroKeepsTheOldOnes() {
        Clip clip = TestClips.noise(4, 64, 80, 1);
        PairViews original = PAPER.makeViews(clip, "video", 2);
        assertEquals(original, PAPER.makeViews(clip, "video", 2, 0));
        PairViews second = PAPER.makeViews(clip, "video", 2, 1);
        PairViews third = PAPER.makeViews(clip, "video", 2, 2);
        assertEquals(second, PAPER.makeViews(clip, "video", 2, 1));
        for (PairViews replay : new PairViews[] {second, third}) {
            assertNotEquals(original.query(), replay.query());
            assertNotEquals(original.key(), replay.key());
        }
        assertNotEquals(second.query(), third.query());
    }

    @Test
    void viewsHaveOutputShape() {
        Clip clip = TestClips.noise(16, 128, 171, 2);
        PairViews views = PAPER.makeViews(clip, "video", 5);
        for (Clip view : new Clip[] {views.query(), views.key()}) {
            assertEquals(16, view.frames());
            assertEquals(112, view.height());
            assertEquals(112, view.width());
        }
        Clip small = ViewAugmenter.builder().setOutputSize(48).optIntermediateSize(0).build()
                .makeView(TestClips.noise(8, 72, 96, 3), "video", 0, ViewKind.QUERY);
        assertEquals(8, small.frames());
        assertEquals(48, small.height());
        assertEquals(48, small.width());
    }

    @Test
    void keyOnlyViewEqualsKeyOfPair() {
        Clip clip = TestClips.noise(4, 64, 80, 4);
        PairViews views = PAPER.makeViews(clip, "video", 9);
        assertEquals(views.key(), PAPER.makeView(clip, "video", 9, ViewKind.KEY));
        assertEquals(views.query(), PAPER.makeView(clip, "video", 9, ViewKind.QUERY));
    }

    @Test
    void doubleSampledPairTakesQueryAndKeyFromTheirClips() {
        Clip queryClip = TestClips.noise(4, 64, 80, 5);
        Clip keyClip = TestClips.noise(4, 64, 80, 6);
        PairViews views = PAPER.makeViews(queryClip, keyClip, "video", 2);
        assertEquals(PAPER.makeView(queryClip, "video", 2, ViewKind.QUERY), views.query());
        assertEquals(PAPER.makeView(keyClip, "video", 2, ViewKind.KEY), views.key());
    }

    @Test
    void keyViewOfUniformClipKeepsItsColourExactly() {
        Clip clip = TestClips.uniform(4, 60, 90, 200, 30, 117);
        for (long index = 0; index < 20; index++) {
            Clip key = PAPER.makeView(clip, "uniform", index, ViewKind.KEY);
            for (int i = 0; i < key.rgb().length; i += 3) {
                assertEquals(200, key.rgb()[i] & 0xFF);
                assertEquals(30, key.rgb()[i + 1] & 0xFF);
                assertEquals(117, key.rgb()[i + 2] & 0xFF);
            }
        }
    }

    @Test
    void keyViewIsConsistentAcrossIdenticalFrames() {
        Clip clip = TestClips.repeatedFrame(6, 64, 80, 7);
        Set<Boolean> flips = new HashSet<>();
        for (long index = 0; index < 10; index++) {
            Clip key = PAPER.makeView(clip, "still", index, ViewKind.KEY);
            for (int t = 1; t < key.frames(); t++) {
                assertArrayEquals(TestClips.frame(key, 0), TestClips.frame(key, t), "frame " + t);
            }
            flips.add(PAPER.planView(ViewKind.KEY, 6, 64, 80,
                    ViewRandomness.stream(0, "still", index, ViewKind.KEY)).flip());
        }
        assertEquals(Set.of(true, false), flips, "both flip outcomes were exercised");
    }

    @Test
    void flipMirrorsTheView() {
        Clip ramp = TestClips.horizontalRamp(2, 64, 64);
        ViewAugmenter fullSquare = ViewAugmenter.builder().setOutputSize(32)
                .optCropScale(1, 1).optCropRatio(1, 1).build();
        ViewPlan plan = fullSquare.planView(ViewKind.KEY, 2, 64, 64, new SplittableRandom(0));
        assertEquals(new CropBox(0, 0, 64, 64), plan.crop());
        Clip plain = fullSquare.render(ramp, ViewPlan.cropAndFlip(plan.crop(), false));
        Clip flipped = fullSquare.render(ramp, ViewPlan.cropAndFlip(plan.crop(), true));
        assertTrue(plain.get(0, 5, 0, 0) < plain.get(0, 5, 31, 0), "unflipped red increases with x");
        for (int t = 0; t < 2; t++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(plain.get(t, y, x, c), flipped.get(t, y, 31 - x, c));
                    }
                }
            }
        }
    }

    @Test
    void queryColourJitterChangesFromFrameToFrame() {
        Clip clip = TestClips.repeatedFrame(8, 64, 80, 8);
        ViewAugmenter alwaysJitter = ViewAugmenter.builder().setOutputSize(48)
                .optColorJitterProbability(1).optGrayscaleProbability(0).optBlurProbability(0).build();
        Clip query = alwaysJitter.makeView(clip, "still", 0, ViewKind.QUERY);
        for (int t = 1; t < query.frames(); t++) {
            assertFalse(java.util.Arrays.equals(TestClips.frame(query, 0), TestClips.frame(query, t)),
                    "frame " + t + " has its own jitter");
        }
        ViewAugmenter neverJitter = ViewAugmenter.builder().setOutputSize(48)
                .optColorJitterProbability(0).optGrayscaleProbability(0).optBlurProbability(0).build();
        Clip plain = neverJitter.makeView(clip, "still", 0, ViewKind.QUERY);
        for (int t = 1; t < plain.frames(); t++) {
            assertArrayEquals(TestClips.frame(plain, 0), TestClips.frame(plain, t));
        }
    }

    @Test
    void consistentColourJitterIsOneJitterForTheWholeClip() {
        Clip clip = TestClips.repeatedFrame(8, 64, 80, 8);
        ViewAugmenter consistent = ViewAugmenter.builder().setOutputSize(48).optConsistentColorJitter(true)
                .optColorJitterProbability(1).optGrayscaleProbability(0).optBlurProbability(0).build();
        Clip query = consistent.makeView(clip, "still", 0, ViewKind.QUERY);
        Clip plain = ViewAugmenter.builder().setOutputSize(48).optColorJitterProbability(0).optGrayscaleProbability(0)
                .optBlurProbability(0).build().makeView(clip, "still", 0, ViewKind.QUERY);
        assertFalse(java.util.Arrays.equals(TestClips.frame(plain, 0), TestClips.frame(query, 0)), "the clip is jittered");
        for (int t = 1; t < query.frames(); t++) {
            assertArrayEquals(TestClips.frame(query, 0), TestClips.frame(query, t), "frame " + t + " shares frame 0's jitter");
        }
        ViewPlan plan = consistent.planView(ViewKind.QUERY, 8, 64, 80, new SplittableRandom(3));
        assertEquals(8, plan.frameJitters().size());
        assertEquals(1, plan.frameJitters().stream().distinct().count());
    }

    @Test
    void blurSigmaIsDrawnAtTheReferenceSizeAndScaledToTheOutput() {
        for (int[] sizes : new int[][] {{48, 112}, {112, 112}, {48, 0}}) {
            ViewAugmenter augmenter = ViewAugmenter.builder().setOutputSize(sizes[0]).optBlurReferenceSize(sizes[1])
                    .optBlurProbability(1).build();
            double scale = sizes[1] == 0 ? 1 : sizes[0] / (double) sizes[1];
            SplittableRandom rng = new SplittableRandom(5);
            double smallest = Double.MAX_VALUE;
            double largest = 0;
            for (int i = 0; i < 500; i++) {
                double sigma = augmenter.planView(ViewKind.QUERY, 2, 64, 80, rng).blurSigma();
                smallest = Math.min(smallest, sigma);
                largest = Math.max(largest, sigma);
            }
            assertTrue(smallest >= 0.1 * scale && largest < 2.0 * scale, java.util.Arrays.toString(sizes));
            assertTrue(largest > 1.8 * scale && smallest < 0.3 * scale, "σ covers U(0.1, 2) x " + scale);
        }
    }

    @Test
    void forcedGrayscaleQueryHasEqualChannels() {
        ViewAugmenter alwaysGray = ViewAugmenter.builder().setOutputSize(48).optGrayscaleProbability(1).build();
        Clip query = alwaysGray.makeView(TestClips.noise(4, 64, 80, 9), "video", 0, ViewKind.QUERY);
        for (int i = 0; i < query.rgb().length; i += 3) {
            assertEquals(query.rgb()[i], query.rgb()[i + 1]);
            assertEquals(query.rgb()[i], query.rgb()[i + 2]);
        }
    }

    @Test
    void keyPlanHasNoColourOps() {
        ViewPlan plan = PAPER.planView(ViewKind.KEY, 16, 128, 171, new SplittableRandom(1));
        assertFalse(plan.jittered());
        assertFalse(plan.grayscale());
        assertFalse(plan.blurred());
    }

    @Test
    void queryPlanDecisionsFollowTheirProbabilities() {
        int draws = 4000;
        int jittered = 0;
        int gray = 0;
        int blurred = 0;
        int flipped = 0;
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < draws; i++) {
            ViewPlan plan = PAPER.planView(ViewKind.QUERY, 2, 128, 171, rng);
            jittered += plan.jittered() ? 1 : 0;
            gray += plan.grayscale() ? 1 : 0;
            flipped += plan.flip() ? 1 : 0;
            if (plan.blurred()) {
                blurred++;
                assertTrue(plan.blurSigma() >= 0.1 && plan.blurSigma() < 2.0);
            }
        }
        assertEquals(0.8, jittered / (double) draws, 0.03);
        assertEquals(0.2, gray / (double) draws, 0.03);
        assertEquals(0.5, blurred / (double) draws, 0.03);
        assertEquals(0.5, flipped / (double) draws, 0.03);
    }

    @Test
    void builderRequiresOutputSizeAndValidatesOptions() {
        assertThrows(IllegalStateException.class, () -> ViewAugmenter.builder().build());
        assertThrows(IllegalStateException.class,
                () -> ViewAugmenter.builder().setOutputSize(112).optFlipProbability(1.5).build());
        assertThrows(IllegalStateException.class,
                () -> ViewAugmenter.builder().setOutputSize(112).optIntermediateSize(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> ViewAugmenter.builder().setOutputSize(112).optCropScale(0.5, 0.2).build());
        assertEquals(224, PAPER.intermediateSize());
        assertEquals(0, PAPER.seed());
    }
}
