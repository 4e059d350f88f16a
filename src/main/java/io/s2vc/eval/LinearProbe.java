package io.s2vc.eval;

import io.s2vc.nd.GradientGuard;
import java.util.SplittableRandom;

/**
 * The linear probe of the official protocol (§5.3) on frozen features: f → L2-normalise →
 * BatchNorm1d (affine, batch statistics while training, running statistics at test) → Linear
 * (N(0, 0.01²), bias 0), trained with softmax cross-entropy and Adam with coupled L2 weight decay
 * on every parameter, the learning rate ×0.1 at each milestone epoch.
 *
 * <p>Plain Java: the features are frozen, so the probe needs gradients of the BN affine and the
 * linear layer only, and a few hundred videos × 512 dimensions train in milliseconds per epoch. The
 * official code keeps the best epoch on a validation subset; here the last epoch is reported (there
 * is no third split to select on without peeking at the test set).
 */
public final class LinearProbe {
    private static final double BN_EPS = 1e-5;
    private static final double BN_MOMENTUM = 0.1;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;

    /** Training settings: official §5.3 is 150 epochs, lr 1e-3, wd 1e-3, batch 32, milestones 60 and 80. */
    public record Settings(int epochs, double learningRate, double weightDecay, int batchSize, int[] milestoneEpochs,
            long seed) implements java.io.Serializable {
    }

    /** Test accuracy (top-1 and top-5, fractions) of a probe trained on the train features. */
    public record Result(double top1, double top5) {
    }

    private final int dim;
    private final int classes;
    private final double[] gamma;
    private final double[] beta;
    private final double[] runningMean;
    private final double[] runningVar;
    private final double[][] weight;
    private final double[] bias;
    private final GradientGuard guard = new GradientGuard("linear probe", GradientGuard.DEFAULT_MAX_IN_A_ROW);

    LinearProbe(int dim, int classes, long seed) {
        this.dim = dim;
        this.classes = classes;
        gamma = new double[dim];
        java.util.Arrays.fill(gamma, 1);
        beta = new double[dim];
        runningMean = new double[dim];
        runningVar = new double[dim];
        java.util.Arrays.fill(runningVar, 1);
        weight = new double[classes][dim];
        bias = new double[classes];
        SplittableRandom random = new SplittableRandom(seed);
        for (double[] row : weight) {
            for (int d = 0; d < dim; d++) {
                row[d] = 0.01 * random.nextGaussian();
            }
        }
    }

    /** Trains on (trainFeatures, trainLabels) and scores on the test set. Labels are 0..classes-1. */
    public static Result trainAndTest(float[][] trainFeatures, int[] trainLabels, float[][] testFeatures,
            int[] testLabels, int classes, Settings settings) {
        LinearProbe probe = new LinearProbe(trainFeatures[0].length, classes, settings.seed());
        probe.train(unitRows(trainFeatures), trainLabels, settings);
        return probe.test(unitRows(testFeatures), testLabels);
    }

    private void train(double[][] x, int[] labels, Settings s) {
        Adam adam = new Adam(dim, classes);
        SplittableRandom random = new SplittableRandom(s.seed() + 1);
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            double lr = s.learningRate();
            for (int milestone : s.milestoneEpochs()) {
                if (epoch >= milestone) {
                    lr *= 0.1;
                }
            }
            io.s2vc.util.Shuffles.shuffle(order, random);
            for (int start = 0; start < order.length; start += s.batchSize()) {
                int end = Math.min(order.length, start + s.batchSize());
                if (end - start < 2) {
                    continue; // batch statistics need two samples (torch refuses a BN batch of one)
                }
                step(x, labels, order, start, end, lr, s.weightDecay(), adam);
            }
        }
    }

    private void step(double[][] x, int[] labels, int[] order, int start, int end, double lr, double wd, Adam adam) {
        int[] rows = java.util.Arrays.copyOfRange(order, start, end);
        Gradients g = gradients(x, labels, rows);
        if (!Double.isFinite(g.loss())) {
            throw new IllegalStateException("linear probe: the loss is " + g.loss() + " (non-finite features?)");
        }
        if (!guard.admit(adam.step + 1, g.firstNonFinite())) {
            return; // nothing moved: not the parameters, not the running statistics
        }
        int b = rows.length;
        for (int d = 0; d < dim; d++) {
            runningMean[d] = (1 - BN_MOMENTUM) * runningMean[d] + BN_MOMENTUM * g.batchMean()[d];
            runningVar[d] = (1 - BN_MOMENTUM) * runningVar[d] + BN_MOMENTUM * g.batchVariance()[d] * b / (b - 1);
        }
        adam.step++;
        for (int c = 0; c < classes; c++) {
            adam.update(weight[c], g.weight()[c], adam.weightMoments[c], lr, wd);
        }
        adam.update(bias, g.bias(), adam.biasMoments, lr, wd);
        adam.update(gamma, g.gamma(), adam.gammaMoments, lr, wd);
        adam.update(beta, g.beta(), adam.betaMoments, lr, wd);
    }

    /** The mean cross-entropy of a batch and its gradients (BN with the batch's statistics), with those statistics. */
    record Gradients(double loss, double[][] weight, double[] bias, double[] gamma, double[] beta, double[] batchMean,
            double[] batchVariance) {
        /** The first parameter whose gradient is not finite, or null. */
        String firstNonFinite() {
            for (double[] row : weight) {
                if (!allFinite(row)) {
                    return "linear probe weight";
                }
            }
            return !allFinite(bias) ? "linear probe bias" : !allFinite(gamma) ? "linear probe BN gamma"
                    : !allFinite(beta) ? "linear probe BN beta" : null;
        }

        private static boolean allFinite(double[] values) {
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Loss and gradients of the batch {@code rows} of {@code x}, by hand (the parity test checks them numerically). */
    Gradients gradients(double[][] x, int[] labels, int[] rows) {
        int b = rows.length;
        double[] mean = new double[dim];
        double[] var = new double[dim];
        for (int row : rows) {
            for (int d = 0; d < dim; d++) {
                mean[d] += x[row][d] / b;
            }
        }
        for (int row : rows) {
            for (int d = 0; d < dim; d++) {
                double c = x[row][d] - mean[d];
                var[d] += c * c / b;
            }
        }
        double[][] normalized = new double[b][dim];
        double[][] y = new double[b][dim];
        for (int i = 0; i < b; i++) {
            for (int d = 0; d < dim; d++) {
                normalized[i][d] = (x[rows[i]][d] - mean[d]) / Math.sqrt(var[d] + BN_EPS);
                y[i][d] = gamma[d] * normalized[i][d] + beta[d];
            }
        }
        double[][] gradWeight = new double[classes][dim];
        double[] gradBias = new double[classes];
        double[] gradGamma = new double[dim];
        double[] gradBeta = new double[dim];
        double loss = 0;
        for (int i = 0; i < b; i++) {
            double[] p = softmax(logits(y[i]));
            loss -= Math.log(p[labels[rows[i]]]) / b;
            p[labels[rows[i]]] -= 1;
            for (int c = 0; c < classes; c++) {
                double g = p[c] / b;
                gradBias[c] += g;
                for (int d = 0; d < dim; d++) {
                    gradWeight[c][d] += g * y[i][d];
                    double gy = g * weight[c][d];
                    gradGamma[d] += gy * normalized[i][d];
                    gradBeta[d] += gy;
                }
            }
        }
        return new Gradients(loss, gradWeight, gradBias, gradGamma, gradBeta, mean, var);
    }

    /** The probe's parameters in a fixed order (weight rows, bias, gamma, beta): what the parity test perturbs. */
    java.util.List<double[]> parameterArrays() {
        java.util.List<double[]> arrays = new java.util.ArrayList<>(java.util.Arrays.asList(weight));
        arrays.addAll(java.util.List.of(bias, gamma, beta));
        return arrays;
    }

    private Result test(double[][] x, int[] labels) {
        int top1 = 0;
        int top5 = 0;
        double[] y = new double[dim];
        for (int i = 0; i < x.length; i++) {
            for (int d = 0; d < dim; d++) {
                y[d] = gamma[d] * (x[i][d] - runningMean[d]) / Math.sqrt(runningVar[d] + BN_EPS) + beta[d];
            }
            double[] z = logits(y);
            int rank = 0;
            for (int c = 0; c < classes; c++) {
                // Rank of the true class; ties go against it, so a constant classifier scores no better than chance.
                if (c != labels[i] && z[c] >= z[labels[i]]) {
                    rank++;
                }
            }
            top1 += rank < 1 ? 1 : 0;
            top5 += rank < 5 ? 1 : 0;
        }
        return new Result((double) top1 / x.length, (double) top5 / x.length);
    }

    private double[] logits(double[] y) {
        double[] z = new double[classes];
        for (int c = 0; c < classes; c++) {
            double s = bias[c];
            for (int d = 0; d < dim; d++) {
                s += weight[c][d] * y[d];
            }
            z[c] = s;
        }
        return z;
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** L2-normalised copies of the rows (F.normalize, eps 1e-12). */
    static double[][] unitRows(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (float v : rows[i]) {
                norm += (double) v * v;
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            out[i] = new double[rows[i].length];
            for (int d = 0; d < rows[i].length; d++) {
                out[i][d] = rows[i][d] / norm;
            }
        }
        return out;
    }

    /** torch.optim.Adam with weight_decay (coupled: wd·θ added to the gradient). */
    private static final class Adam {
        final double[][][] weightMoments;
        final double[][] biasMoments;
        final double[][] gammaMoments;
        final double[][] betaMoments;
        long step;

        Adam(int dim, int classes) {
            weightMoments = new double[classes][2][dim];
            biasMoments = new double[2][classes];
            gammaMoments = new double[2][dim];
            betaMoments = new double[2][dim];
        }

        void update(double[] theta, double[] grad, double[][] moments, double lr, double wd) {
            double correction1 = 1 - Math.pow(BETA1, step);
            double correction2 = 1 - Math.pow(BETA2, step);
            for (int i = 0; i < theta.length; i++) {
                double g = grad[i] + wd * theta[i];
                moments[0][i] = BETA1 * moments[0][i] + (1 - BETA1) * g;
                moments[1][i] = BETA2 * moments[1][i] + (1 - BETA2) * g * g;
                double denominator = Math.sqrt(moments[1][i] / correction2) + ADAM_EPS;
                theta[i] -= lr / correction1 * moments[0][i] / denominator;
            }
        }
    }
}
