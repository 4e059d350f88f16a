package io.s2vc.stream.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.s2vc.avro.KeyViewInfo;
import io.s2vc.avro.PositivePair;
import io.s2vc.config.Config;
import io.s2vc.config.Catalogue;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.SavedFlow;
import io.s2vc.stream.batch.BatchFunction;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.transport.avro.DeadLetters;
import io.s2vc.nd.ClipTensors;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressionResult;
import io.s2vc.suppress.SuppressionSeeds;
import io.s2vc.video.Clip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Thin adapter: the key views of a micro-batch of pairs become motion-preserved views (one flow
 * call for all frames of the batch), and each pair records how its key view was made. A clip whose
 * result is not finite is dead-lettered.
 */
public final class SuppressKeyViews implements BatchFunction<PositivePair, PositivePair> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "suppress";

    private final SuppressionSettings settings;
    private final int maxPayloadBytes;
    private transient NDManager manager;
    private transient FlowModel flow;
    private transient StaticCueSuppressor suppressor;
    private transient DescriptiveStatisticsHistogram suppressedFraction;

    public SuppressKeyViews(SuppressionSettings settings, int maxPayloadBytes) {
        this.settings = settings;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(MetricGroup metrics) throws Exception {
        manager = NDManager.newBaseManager(settings.device().resolve());
        if (settings.strategy().usesFlow()) {
            flow = SavedFlow.load(Path.of(settings.flowWeights()), settings.flowArch(), manager);
        }
        suppressor = settings.suppressor(flow);
        suppressedFraction = new DescriptiveStatisticsHistogram(1000);
        metrics.histogram("suppressedFraction", suppressedFraction);
    }

    @Override
    public void process(List<PositivePair> batch, BatchOutput<PositivePair> out) {
        List<Clip> keys = new ArrayList<>(batch.size());
        long[] seeds = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            PositivePair pair = batch.get(i);
            keys.add(ClipRecords.fromClipData(pair.getKey()));
            seeds[i] = SuppressionSeeds.forClip(pair.getVideoId(), pair.getClipIndex(), pair.getPass());
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray clips = ClipTensors.toTensor(keys, step);
            SuppressionResult result = suppressor.suppress(clips, seeds);
            NDArray output = result.output();
            boolean[] finite = finitePerClip(output);
            List<Clip> views = ClipTensors.toClips(output);
            for (int i = 0; i < batch.size(); i++) {
                PositivePair pair = batch.get(i);
                if (!finite[i]) {
                    out.deadLetter(DeadLetters.fromSource(STAGE, "motion-preserved view of " + pair.getVideoId() + "#"
                            + pair.getClipIndex() + " has NaN or Inf values", null,
                            Codecs.positivePair().encode(pair), maxPayloadBytes));
                    continue;
                }
                suppressedFraction.update(Math.round(result.suppressedFractions()[i] * 1000));
                pair.setKey(ClipRecords.toClipData(views.get(i)));
                pair.setKeyView(KeyViewInfo.newBuilder()
                        .setStrategy(settings.strategyName())
                        .setAlpha(settings.strategy().usesFlow() ? (float) settings.alpha() : null)
                        .setMode(settings.strategy().usesFlow() ? settings.mode().name().toLowerCase(java.util.Locale.ROOT) : null)
                        .setSuppressedFraction(result.suppressedFractions()[i])
                        .build());
                out.emit(pair);
            }
        }
    }

    /** Whether every value of each clip (first axis) is finite. */
    static boolean[] finitePerClip(NDArray output) {
        long clips = output.getShape().get(0);
        float[] counts = output.isNaN().logicalOr(output.isInfinite()).reshape(clips, -1)
                .toType(DataType.FLOAT32, false).sum(new int[] {1}).toFloatArray();
        boolean[] finite = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            finite[i] = counts[i] == 0;
        }
        return finite;
    }

    @Override
    public void close() {
        if (suppressor != null) {
            suppressor.close();
        }
        if (manager != null) {
            manager.close();
        }
    }
}
