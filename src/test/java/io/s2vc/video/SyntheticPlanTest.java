package io.s2vc.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Guarantees of the plan, checked on many videos without rendering or encoding any. */
class SyntheticPlanTest {

    private static SyntheticDataset.Builder moderate(long seed) {
        return SyntheticDataset.builder().setSeed(seed).optTrainVideosPerClass(300).optTestVideosPerClass(300)
                .optFrames(2);
    }

    private static double rate(List<SyntheticVideo> videos, Predicate<SyntheticVideo> condition) {
        return (double) videos.stream().filter(condition).count() / videos.size();
    }

    private static List<SyntheticVideo> inSplit(List<SyntheticVideo> plan, Split split) {
        return plan.stream().filter(video -> video.split() == split).toList();
    }

    @Test
    void defaultsGiveTheDocumentedSet() {
        SyntheticDataset dataset = SyntheticDataset.builder().setSeed(1).build();
        SyntheticSpec spec = dataset.spec();
        List<SyntheticVideo> plan = dataset.plan();

        assertEquals(new SyntheticSpec(1, 8, 8, 0, 3, 0, 1.0, 30, 20, 32, 160, 120, 25, 0.8, 0, "avi"), spec);
        assertEquals(240, inSplit(plan, Split.TRAIN).size());
        assertEquals(160, inSplit(plan, Split.TEST).size());
        assertTrue(plan.stream().allMatch(video -> video.trajectory().size() == 32));
        assertEquals(plan.size(), plan.stream().map(SyntheticVideo::relativePath).distinct().count());
        assertTrue(plan.stream().allMatch(video -> video.relativePath().matches("(\\w+)/v_\\1_g\\d{4}_c01\\.avi")));
    }

    @ParameterizedTest
    @CsvSource({"8, 30, 20, 3", "8, 1, 1, 3", "3, 3, 1, 2", "5, 7, 3, 4", "10, 4, 2, 10", "2, 5, 5, 2"})
    void everyAppearanceMovesInSeveralClassesOnceEach(int classes, int train, int test, int perAppearance) {
        List<SyntheticVideo> plan = SyntheticDataset.builder().setSeed(5).optClasses(classes)
                .optClassesPerAppearance(perAppearance).optTrainVideosPerClass(train).optTestVideosPerClass(test)
                .optFrames(2).build().plan();

        for (Split split : Split.values()) {
            Map<Integer, Long> perClass = inSplit(plan, split).stream()
                    .collect(Collectors.groupingBy(SyntheticVideo::label, Collectors.counting()));
            for (int label = 0; label < classes; label++) {
                assertEquals(split == Split.TRAIN ? train : test, perClass.get(label), split + " class " + label);
            }
        }
        Map<Integer, List<SyntheticVideo>> byAppearance = plan.stream()
                .collect(Collectors.groupingBy(video -> video.appearance().id()));
        for (List<SyntheticVideo> videos : byAppearance.values()) {
            Set<Integer> labels = videos.stream().map(SyntheticVideo::label).collect(Collectors.toSet());
            assertEquals(videos.size(), labels.size(), "one video per class and appearance");
            assertTrue(labels.size() >= 2, "appearance in " + labels.size() + " class");
            assertTrue(labels.size() <= Math.max(perAppearance, 3), "appearance in " + labels.size() + " classes");
            assertEquals(1, videos.stream().map(SyntheticVideo::split).distinct().count(), "one split per appearance");
            assertEquals(1, videos.stream().map(SyntheticVideo::appearance).distinct().count());
        }
    }

    @Test
    void aPoolOfLooksIsSharedByEveryClassWithAFixedStart() {
        List<SyntheticVideo> plan = moderate(3).optLooks(6).build().plan();
        assertEquals(8 * 600, plan.size());
        assertEquals(plan.size(), plan.stream().map(SyntheticVideo::relativePath).distinct().count());
        Map<Integer, Appearance> looks = plan.stream().map(SyntheticVideo::appearance)
                .collect(Collectors.toMap(Appearance::id, a -> a, (a, b) -> a));
        assertEquals(Set.of(0, 1, 2, 3, 4, 5), looks.keySet());
        for (Split split : Split.values()) {
            for (int label = 0; label < 8; label++) {
                int l = label;
                List<SyntheticVideo> videos = inSplit(plan, split).stream().filter(v -> v.label() == l).toList();
                for (Appearance look : looks.values()) {
                    // 300 videos per class and split, 6 looks: each look about 50 times, never absent or dominant
                    double share = rate(videos, v -> v.appearance().equals(look));
                    assertTrue(share > 0.08 && share < 0.26, "look " + look.id() + " in class " + l + ": " + share);
                }
            }
        }
        for (SyntheticVideo video : plan) {
            Appearance.StartPose start = video.appearance().pose();
            FramePose first = video.trajectory().get(0);
            assertEquals(start.angle(), first.angle(), 1e-12, video.relativePath());
            if (video.motion() != Motion.GROW && video.motion() != Motion.SHRINK) {
                assertEquals(start.scale(), first.scale(), 1e-12, video.relativePath());
            }
        }
    }

    @Test
    void withoutAPoolEveryGroupHasItsOwnAppearanceAndStart() {
        List<SyntheticVideo> plan = moderate(3).build().plan();
        assertTrue(plan.stream().allMatch(v -> v.appearance().pose() == null));
        assertTrue(plan.stream().map(v -> v.appearance().id()).distinct().count() > plan.size() / 4);
    }

    @Test
    void trainBackgroundsFollowTheClassAtTheBias() {
        SyntheticSpec spec = moderate(11).build().spec();
        List<SyntheticVideo> train = inSplit(moderate(11).build().plan(), Split.TRAIN);

        double matching = rate(train, video -> video.background() == spec.classFamily(video.label()));

        assertEquals(0.8, matching, 0.03);
        for (int label = 0; label < spec.classes(); label++) {
            int classLabel = label;
            List<SyntheticVideo> ofClass = train.stream().filter(video -> video.label() == classLabel).toList();
            assertEquals(0.8, rate(ofClass, video -> video.background() == spec.classFamily(classLabel)), 0.08);
        }
        // The rest spreads over the other families.
        Map<BackgroundFamily, Long> others = train.stream()
                .filter(video -> video.background() != spec.classFamily(video.label()))
                .collect(Collectors.groupingBy(SyntheticVideo::background, () -> new EnumMap<>(BackgroundFamily.class),
                        Collectors.counting()));
        assertEquals(8, others.size());
        assertTrue(train.stream().allMatch(video -> video.background().ordinal() < 8));
    }

    @Test
    void testBackgroundsAreIndependentOfTheClass() {
        SyntheticSpec spec = moderate(12).build().spec();
        List<SyntheticVideo> test = inSplit(moderate(12).build().plan(), Split.TEST);

        assertEquals(1.0 / 8, rate(test, video -> video.background() == spec.classFamily(video.label())), 0.03);
        for (BackgroundFamily family : Arrays.copyOf(BackgroundFamily.values(), 8)) {
            assertEquals(1.0 / 8, rate(test, video -> video.background() == family), 0.03, family.label());
        }
    }

    @Test
    void heldOutFamiliesAppearOnlyInTheTestSplit() {
        SyntheticDataset dataset = moderate(13).optFamilies(10).optHeldOutFamilies(2).build();
        List<SyntheticVideo> plan = dataset.plan();

        assertEquals(8, dataset.spec().trainFamilies());
        assertTrue(inSplit(plan, Split.TRAIN).stream().allMatch(video -> video.background().ordinal() < 8));
        assertEquals(2.0 / 10, rate(inSplit(plan, Split.TEST), video -> video.background().ordinal() >= 8), 0.03);
    }

    @Test
    void objectsMoveAsTheirClassSaysAndStayInFrame() {
        SyntheticDataset dataset = SyntheticDataset.builder().setSeed(21).optClasses(Motion.COUNT).optFrames(16)
                .optTrainVideosPerClass(10).optTestVideosPerClass(5).build();
        SyntheticSpec spec = dataset.spec();

        for (SyntheticVideo video : dataset.plan()) {
            MotionAssertions.assertMovesAsNamed(video.motion(), video.trajectory(), spec.width(), spec.height(),
                    video.relativePath());
            double radius = video.appearance().radiusPixels(spec.width(), spec.height());
            for (FramePose pose : video.trajectory()) {
                double reach = radius * pose.scale() - 1e-9;
                assertTrue(pose.cx() >= reach && pose.cx() <= spec.width() - reach
                        && pose.cy() >= reach && pose.cy() <= spec.height() - reach, video.relativePath() + " leaves the frame");
            }
        }
    }

    @Test
    void cameraJitterShiftsWholeFramesWithinItsBound() {
        SyntheticDataset still = SyntheticDataset.builder().setSeed(8).optFrames(16).build();
        SyntheticDataset shaken = SyntheticDataset.builder().setSeed(8).optFrames(16).optCameraJitter(3).build();
        List<SyntheticVideo> stillPlan = still.plan();
        List<SyntheticVideo> shakenPlan = shaken.plan();

        Set<Integer> shifts = new HashSet<>();
        for (int i = 0; i < stillPlan.size(); i++) {
            for (int t = 0; t < 16; t++) {
                FramePose base = stillPlan.get(i).trajectory().get(t);
                FramePose pose = shakenPlan.get(i).trajectory().get(t);
                assertTrue(Math.abs(pose.cameraDx()) <= 3 && Math.abs(pose.cameraDy()) <= 3);
                assertEquals(base.cx() + pose.cameraDx(), pose.cx(), 1e-9);
                assertEquals(base.cy() + pose.cameraDy(), pose.cy(), 1e-9);
                shifts.add(pose.cameraDx());
            }
            assertEquals(stillPlan.get(i).background(), shakenPlan.get(i).background());
        }
        assertEquals(7, shifts.size());
    }

    @Test
    void planDependsOnlyOnTheSeed() {
        List<SyntheticVideo> first = SyntheticDataset.builder().setSeed(4).build().plan();
        List<SyntheticVideo> again = SyntheticDataset.builder().setSeed(4).optThreads(1).build().plan();
        List<SyntheticVideo> other = SyntheticDataset.builder().setSeed(5).build().plan();

        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void renderingIsDeterministicAndKeepsTheBackgroundStill() {
        SyntheticDataset dataset = SyntheticDataset.builder().setSeed(6).optFrames(8).optFrameSize(64, 48)
                .optTrainVideosPerClass(1).optTestVideosPerClass(1).build();
        List<SyntheticVideo> plan = dataset.plan();
        SyntheticSpec spec = dataset.spec();

        for (SyntheticVideo video : plan) {
            Clip clip = dataset.render(video);
            assertEquals(clip, SyntheticDataset.builder().setSeed(6).optFrames(8).optFrameSize(64, 48)
                    .optTrainVideosPerClass(1).optTestVideosPerClass(1).build().render(video));
            double reach = video.appearance().radiusPixels(spec.width(), spec.height()) * 1.5 + 3;
            int changed = 0;
            for (int t = 1; t < clip.frames(); t++) {
                FramePose before = video.trajectory().get(0);
                FramePose now = video.trajectory().get(t);
                for (int y = 0; y < clip.height(); y++) {
                    for (int x = 0; x < clip.width(); x++) {
                        if (clip.get(0, y, x, 0) != clip.get(t, y, x, 0) || clip.get(0, y, x, 1) != clip.get(t, y, x, 1)
                                || clip.get(0, y, x, 2) != clip.get(t, y, x, 2)) {
                            changed++;
                            double near = Math.min(Math.hypot(x + 0.5 - before.cx(), y + 0.5 - before.cy()),
                                    Math.hypot(x + 0.5 - now.cx(), y + 0.5 - now.cy()));
                            assertTrue(near <= reach, video.relativePath() + " changes background pixel (" + x + ", "
                                    + y + ") at frame " + t);
                        }
                    }
                }
            }
            assertTrue(changed > 0, video.relativePath() + " shows no motion");
        }
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalStateException.class, () -> SyntheticDataset.builder().build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticDataset.builder().setSeed(1).optClasses(11).build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticDataset.builder().setSeed(1).optBias(1.5).build());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticDataset.builder().setSeed(1).optClassesPerAppearance(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticDataset.builder().setSeed(1).optFrameSize(161, 120).build());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticDataset.builder().setSeed(1).optFamilies(4).optHeldOutFamilies(3).build());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticDataset.builder().setSeed(1).optVideoExtension("mkv").build());
    }

    @Test
    void groupSizesNeverLeaveAnAppearanceInOneClass() {
        for (int videos = 2; videos < 60; videos++) {
            for (int preferred = 2; preferred <= 5; preferred++) {
                int[] sizes = AppearanceGroups.groupSizes(videos, preferred);
                assertEquals(videos, Arrays.stream(sizes).sum());
                int largest = preferred + 1;
                assertTrue(Arrays.stream(sizes).allMatch(size -> size >= 2 && size <= largest),
                        videos + " in groups of " + preferred + ": " + Arrays.toString(sizes));
            }
        }
        int[] group = AppearanceGroups.assign(4, 3, 3, new SplittableRandom(1)).get(0);
        assertEquals(3, Arrays.stream(group).distinct().count());
    }
}
