package io.s2vc.video;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Which classes each appearance is rendered in: every class gets exactly {@code videosPerClass} videos,
 * every appearance at most one video per class and, so that its appearance cannot name the class,
 * at least two classes.
 */
final class AppearanceGroups {
    private AppearanceGroups() {
    }

    /** One array of distinct class labels per appearance. */
    static List<int[]> assign(int classes, int videosPerClass, int classesPerAppearance, SplittableRandom random) {
        int[] remaining = new int[classes];
        Arrays.fill(remaining, videosPerClass);
        List<int[]> groups = new ArrayList<>();
        for (int size : groupSizes(classes * videosPerClass, classesPerAppearance)) {
            // The classes with most videos left first (ties at random): keeps every group feasible.
            Integer[] order = IntStream.range(0, classes).boxed().toArray(Integer[]::new);
            io.s2vc.util.Shuffles.shuffle(order, random);
            Arrays.sort(order, Comparator.comparingInt((Integer label) -> -remaining[label]));
            int[] group = new int[size];
            for (int i = 0; i < size; i++) {
                int label = order[i];
                if (remaining[label] == 0) {
                    throw new IllegalStateException("cannot spread " + videosPerClass + " videos per class over "
                            + classes + " classes in groups of " + classesPerAppearance);
                }
                remaining[label]--;
                group[i] = label;
            }
            Arrays.sort(group);
            groups.add(group);
        }
        return groups;
    }

    /**
     * Sizes as equal as possible, at most {@code preferred} each; if that would leave a group of one,
     * fewer but larger groups (at most preferred + 1).
     */
    static int[] groupSizes(int videos, int preferred) {
        int groups = Math.max(1, (videos + preferred - 1) / preferred);
        if (videos / groups < 2) {
            groups = Math.max(1, videos / preferred);
        }
        int[] sizes = new int[groups];
        for (int g = 0; g < groups; g++) {
            sizes[g] = videos / groups + (g < videos % groups ? 1 : 0);
        }
        return sizes;
    }
}
