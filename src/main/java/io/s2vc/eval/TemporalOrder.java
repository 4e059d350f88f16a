package io.s2vc.eval;

/**
 * The paper's Fig. 1 probe: can a linear classifier on frozen features tell natural clips from the
 * same clips with their frames shuffled? Trained on the train half (natural = 1, shuffled = 0),
 * scored on the test half; 0.5 is chance, and a representation that ignores motion stays near it.
 */
public final class TemporalOrder {
    private TemporalOrder() {
    }

    public static double accuracy(VideoFeatures train, VideoFeatures test, LinearProbe.Settings settings) {
        if (train.shuffled() == null || test.shuffled() == null) {
            throw new IllegalArgumentException("the temporal-order task needs features of shuffled clips");
        }
        return LinearProbe.trainAndTest(stack(train), orderLabels(train), stack(test), orderLabels(test), 2, settings)
                .top1();
    }

    private static float[][] stack(VideoFeatures f) {
        float[][] out = new float[2 * f.natural().length][];
        System.arraycopy(f.natural(), 0, out, 0, f.natural().length);
        System.arraycopy(f.shuffled(), 0, out, f.natural().length, f.shuffled().length);
        return out;
    }

    private static int[] orderLabels(VideoFeatures f) {
        int[] labels = new int[2 * f.natural().length];
        java.util.Arrays.fill(labels, 0, f.natural().length, 1);
        return labels;
    }
}
