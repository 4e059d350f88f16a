package io.s2vc.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
    private static final LinearProbe.Settings SETTINGS = new LinearProbe.Settings(30, 1e-3, 1e-3, 8, new int[] {20}, 0);

    /** n samples of {@code classes} classes: a class direction plus noise, with a common offset. */
    private static float[][] features(int n, int classes, int dim, double noise, long seed, int[] labels) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][dim];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int d = 0; d < dim; d++) {
                x[i][d] = (float) (0.5 + noise * random.nextGaussian() + (d == labels[i] ? 1 : 0));
            }
        }
        return x;
    }

    @Test
    void separableFeaturesAreLearnedAlmostPerfectly() {
        int[] trainLabels = new int[90];
        int[] testLabels = new int[60];
        float[][] train = features(90, 3, 16, 0.1, 1, trainLabels);
        float[][] test = features(60, 3, 16, 0.1, 2, testLabels);
        LinearProbe.Result result = LinearProbe.trainAndTest(train, trainLabels, test, testLabels, 3, SETTINGS);
        assertTrue(result.top1() >= 0.95, "top-1 " + result.top1());
        assertEquals(1.0, result.top5(), "3 classes are always in the top 5");
    }

    @Test
    void featuresWithoutSignalStayNearChance() {
        int[] trainLabels = new int[200];
        int[] testLabels = new int[200];
        float[][] train = features(200, 2, 16, 1.0, 3, trainLabels);
        float[][] test = features(200, 2, 16, 1.0, 4, testLabels);
        // Scramble the test labels: nothing can be predicted.
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < testLabels.length; i++) {
            testLabels[i] = random.nextInt(2);
        }
        double top1 = LinearProbe.trainAndTest(train, trainLabels, test, testLabels, 2, SETTINGS).top1();
        assertTrue(top1 > 0.35 && top1 < 0.65, "top-1 " + top1);
    }

    @Test
    void theSameSeedGivesTheSameResult() {
        int[] labels = new int[40];
        float[][] x = features(40, 4, 8, 0.5, 6, labels);
        assertEquals(LinearProbe.trainAndTest(x, labels, x, labels, 4, SETTINGS),
                LinearProbe.trainAndTest(x, labels, x, labels, 4, SETTINGS));
    }
}
