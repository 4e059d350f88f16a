package io.s2vc.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.s2vc.nd.Autograd;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradient parity: a model's float32 gradients against an independent float64 computation, per coordinate
 * |g − g_ref| ≤ 1e-3 · max(|g_ref|, 1e-2 · max|g_ref|), the maximum taken over every gradient compared (a
 * tensor whose exact gradient is zero, a BatchNorm shift before another normalisation, say, is held to
 * the model's scale, not to its own rounding noise). The floor, 1e-5 of the largest gradient, is float32
 * rounding of the longest reduction tested: tiny3d's first convolution sums 4·8·32·32 = 32768 products per
 * weight, ε·√32768 ≈ 1e-5; measured on an AVX-512 Xeon, its worst error was 3e-6 of the largest gradient,
 * with the coordinates that carry it changing from process to process (oneDNN's kernel, not a fault:
 * passes in one process are bit-identical). The faults this guards against are NaN or errors of order 1.
 * Independent: libtorch runs float64 convolutions on its own reference kernels, not oneDNN's, and sums in
 * double precision.
 */
public final class GradientParity {
    public static final double RELATIVE = 1e-3;
    /** The floor, as a share of the largest reference gradient (see above). */
    public static final double FLOOR = 1e-2 * RELATIVE;

    private GradientParity() {
    }

    /** Every value of {@code from} (float32) into the same parameter of {@code to} (any type), in order. */
    public static void copyValues(PairList<String, Parameter> from, PairList<String, Parameter> to) {
        assertTrue(from.size() == to.size(), from.size() + " parameters against " + to.size());
        try (Autograd.Scope ignored = Autograd.pause()) {
            for (int i = 0; i < from.size(); i++) {
                NDArray target = to.valueAt(i).getArray();
                try (NDArray converted = from.valueAt(i).getArray().toType(target.getDataType(), true)) {
                    target.set(new NDIndex("..."), converted);
                }
            }
        }
    }

    /** The accumulated gradient of every parameter that requires one, as doubles. */
    public static Map<String, double[]> gradients(PairList<String, Parameter> parameters) {
        Map<String, double[]> gradients = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            NDArray array = parameters.valueAt(i).getArray();
            if (array.hasGradient()) {
                try (NDArray grad = array.getGradient(); NDArray wide = grad.toType(DataType.FLOAT64, true)) {
                    gradients.put(parameters.keyAt(i), wide.toDoubleArray());
                }
            }
        }
        return gradients;
    }

    /**
     * Asserts parity coordinate by coordinate; {@code minimumCoordinates} guards against comparing nothing.
     * The message names the worst coordinate.
     */
    public static void assertClose(String what, Map<String, double[]> actual, Map<String, double[]> reference,
            int minimumCoordinates) {
        assertTrue(actual.keySet().equals(reference.keySet()), what + ": parameters differ: " + actual.keySet()
                + " against " + reference.keySet());
        int checked = 0;
        int nonZero = 0;
        double worstRatio = 0;
        String worst = "";
        double scale = 0;
        for (double[] ref : reference.values()) {
            for (double v : ref) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (Map.Entry<String, double[]> entry : reference.entrySet()) {
            double[] ref = entry.getValue();
            double[] got = actual.get(entry.getKey());
            for (int i = 0; i < ref.length; i++) {
                double allowed = Math.max(RELATIVE * Math.abs(ref[i]), FLOOR * scale);
                double error = Math.abs(got[i] - ref[i]);
                assertTrue(Double.isFinite(got[i]), what + ": " + entry.getKey() + "[" + i + "] = " + got[i]);
                double ratio = allowed == 0 ? (error == 0 ? 0 : Double.POSITIVE_INFINITY) : error / allowed;
                if (ratio > worstRatio) {
                    worstRatio = ratio;
                    worst = entry.getKey() + "[" + i + "]: " + got[i] + " against " + ref[i];
                }
                checked++;
                nonZero += ref[i] != 0 ? 1 : 0;
            }
        }
        assertTrue(checked >= minimumCoordinates && nonZero > 0, what + ": only " + checked + " coordinates, "
                + nonZero + " non-zero");
        assertTrue(worstRatio <= 1, what + ": worst coordinate " + worst + " (" + worstRatio + "× the tolerance)");
    }
}
