package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FrEIA's {@code GLOWCouplingBlock} (AdvFlow's {@code glow_coupling_layer}) on axis 1 of the head
 * tensor, either (N, C, H, W) with convolutional sub-nets or (N, D) with fully connected ones.
 *
 * <p>x1 = the first floor(C/2) channels, x2 = the rest. Forward: (a2, t2) = s2(x2),
 * y1 = e(a2)·x1 + t2; then (a1, t1) = s1(y1), y2 = e(a1)·x2 + t1. Each sub-net output is split in
 * half: the first half is the raw log-scale, the second the shift. e(a) = exp(clamp(a)) with the
 * reference's soft clamp clamp(a) = 1.5·0.636·atan(a/1.5) (the literal 0.636, not 2/π).
 * log|det| per sample = Σ clamp(a1) + Σ clamp(a2).
 */
public final class AffineCoupling extends FlowBlock {
    private static final float CLAMP = 1.5f;
    /** clamp · 0.636, the reference's literal (close to but not exactly 2/π), rounded once as PyTorch does. */
    private static final float CLAMP_GAIN = (float) (1.5 * 0.636);

    private final int splitLength;
    private final Subnet s1;
    private final Subnet s2;

    private AffineCoupling(int channels, Subnet s1, Subnet s2) {
        this.splitLength = channels / 2;
        this.s1 = addChildBlock("s1", s1);
        this.s2 = addChildBlock("s2", s2);
    }

    /** Coupling on (N, C, H, W) with {@link ConvSubnet}s of the given hidden width. */
    public static AffineCoupling convolutional(int channels, int hidden, FlowInit init) {
        int first = channels / 2;
        int second = channels - first;
        return new AffineCoupling(channels,
                new ConvSubnet(first, 2 * second, hidden, init.child("s1")),
                new ConvSubnet(second, 2 * first, hidden, init.child("s2")));
    }

    /** Coupling on (N, D) with {@link DenseSubnet}s of the given internal width. */
    public static AffineCoupling fullyConnected(int features, int internal, FlowInit init) {
        int first = features / 2;
        int second = features - first;
        return new AffineCoupling(features,
                new DenseSubnet(first, 2 * second, internal, init.child("s1")),
                new DenseSubnet(second, 2 * first, internal, init.child("s2")));
    }

    @Override
    protected FlowResult forwardUnscoped(NDList inputs) {
        NDList parts = inputs.head().split(new long[] {splitLength}, 1);
        NDArray x1 = parts.get(0);
        NDArray x2 = parts.get(1);
        Coefficients c2 = Coefficients.of(s2.apply(x2));
        NDArray y1 = x1.mul(c2.logScale.exp()).add(c2.shift);
        Coefficients c1 = Coefficients.of(s1.apply(y1));
        NDArray y2 = x2.mul(c1.logScale.exp()).add(c1.shift);
        NDArray logDet = sumPerSample(c1.logScale).add(sumPerSample(c2.logScale));
        return new FlowResult(replaceHead(inputs, y1.concat(y2, 1)), logDet);
    }

    @Override
    protected NDList inverseUnscoped(NDList outputs) {
        NDList parts = outputs.head().split(new long[] {splitLength}, 1);
        NDArray y1 = parts.get(0);
        NDArray y2 = parts.get(1);
        Coefficients c1 = Coefficients.of(s1.apply(y1));
        NDArray x2 = y2.sub(c1.shift).div(c1.logScale.exp());
        Coefficients c2 = Coefficients.of(s2.apply(x2));
        NDArray x1 = y1.sub(c2.shift).div(c2.logScale.exp());
        return replaceHead(outputs, x1.concat(x2, 1));
    }

    /** The clamped log-scale and the shift taken from a sub-net output. */
    private record Coefficients(NDArray logScale, NDArray shift) {
        static Coefficients of(NDArray subnetOutput) {
            NDList halves = subnetOutput.split(2, 1);
            NDArray raw = halves.get(0);
            NDArray clamped = raw.div(EngineScalar.of(raw, CLAMP)).atan().mul(EngineScalar.of(raw, CLAMP_GAIN));
            return new Coefficients(clamped, halves.get(1));
        }
    }

    @Override
    protected Shape[] flowOutputShapes(Shape[] inputShapes) {
        return inputShapes.clone();
    }

    @Override
    public Map<String, Parameter> stateDict() {
        Map<String, Parameter> state = new LinkedHashMap<>();
        s1.stateDict().forEach((name, p) -> state.put("s1." + name, p));
        s2.stateDict().forEach((name, p) -> state.put("s2." + name, p));
        return state;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        s1.initialize(manager, dataType, in.slice(0, 1).addAll(new Shape(splitLength)).addAll(in.slice(2)));
        s2.initialize(manager, dataType,
                in.slice(0, 1).addAll(new Shape(in.get(1) - splitLength)).addAll(in.slice(2)));
    }
}
