package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import java.util.SplittableRandom;

/**
 * FrEIA's {@code Fixed1x1Conv}: a frozen invertible 1×1 convolution, y[o] = Σ_i M[o,i]·x[i], with
 * {@code M} and {@code M_inv} (C, C, 1, 1) and the scalar {@code logDetM} stored in the checkpoint
 * and used as they are. A new block draws M as a random orthogonal matrix (QR of a seeded Gaussian
 * matrix), so M_inv = Mᵀ and logDetM = 0.
 *
 * <p>Log-det: FrEIA 0.2 adds {@code logDetM} once per sample. The true value is H·W·logDetM; we keep
 * FrEIA's convention so that log-likelihoods agree with the reference (for orthogonal M both are 0).
 */
public final class FixedConv1x1 extends FlowBlock {
    private static final Shape ONES = new Shape(1, 1);
    private static final Shape ZEROS = new Shape(0, 0);

    private final int channels;
    private final Parameter matrix;
    private final Parameter inverseMatrix;
    private final Parameter logDet;

    public FixedConv1x1(int channels, FlowInit init) {
        this.channels = channels;
        double[][] q = randomOrthogonal(channels, init.childSeed("M"));
        float[] m = new float[channels * channels];
        float[] mInv = new float[channels * channels];
        for (int o = 0; o < channels; o++) {
            for (int i = 0; i < channels; i++) {
                m[o * channels + i] = (float) q[o][i];
                mInv[i * channels + o] = (float) q[o][i];
            }
        }
        Shape shape = new Shape(channels, channels, 1, 1);
        matrix = addParameter(frozen("M", shape, new FixedValuesInitializer(m)));
        inverseMatrix = addParameter(frozen("M_inv", shape, new FixedValuesInitializer(mInv)));
        logDet = addParameter(frozen("logDetM", new Shape(), new FixedValuesInitializer(0f)));
    }

    private static Parameter frozen(String name, Shape shape, FixedValuesInitializer initializer) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer(initializer)
                .optRequiresGrad(false)
                .build();
    }

    @Override
    protected FlowResult forwardUnscoped(NDList x) {
        NDArray head = x.head();
        NDArray y = conv(head, matrix.getArray());
        NDArray perSample = head.getManager().zeros(new Shape(head.getShape().get(0))).add(logDet.getArray());
        return new FlowResult(replaceHead(x, y), perSample);
    }

    @Override
    protected NDList inverseUnscoped(NDList y) {
        return replaceHead(y, conv(y.head(), inverseMatrix.getArray()));
    }

    /** y[o] = Σ_i W[o, i]·x[i] at every pixel, in whole channel blocks ({@link ChannelBlocks}: zero channels in, extra outputs dropped). */
    private NDArray conv(NDArray x, NDArray weight) {
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != channels) {
            throw new IllegalArgumentException("1×1 convolution of " + channels + " channels applied to " + x.getShape());
        }
        NDManager scope = x.getManager();
        NDArray padded = ChannelBlocks.pad(ChannelBlocks.pad(weight, 0, scope), 1, scope);
        return ChannelBlocks.unpad(Conv2d.conv2d(ChannelBlocks.pad(x, 1, scope), padded, null, ONES, ZEROS, ONES, 1)
                .singletonOrThrow(), channels);
    }

    /** Q of a QR factorisation (modified Gram-Schmidt) of a seeded standard Gaussian matrix. */
    static double[][] randomOrthogonal(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[n][n];
        for (double[] row : rows) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += rows[i][j] * rows[k][j];
                }
                for (int j = 0; j < n; j++) {
                    rows[i][j] -= dot * rows[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < n; j++) {
                norm += rows[i][j] * rows[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) {
                rows[i][j] /= norm;
            }
        }
        return rows;
    }

    @Override
    protected Shape[] flowOutputShapes(Shape[] inputShapes) {
        return inputShapes.clone();
    }
}
