package io.s2vc.stream.augment;

import io.s2vc.config.Catalogue;
import io.s2vc.augment.PairViews;
import io.s2vc.augment.ViewAugmenter;
import io.s2vc.avro.ClipWindow;
import io.s2vc.avro.DeadLetter;
import io.s2vc.avro.KeyViewInfo;
import io.s2vc.avro.PositivePair;
import io.s2vc.config.Config;
import io.s2vc.stream.serde.DecodeRecords;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.transport.avro.DeadLetters;
import io.s2vc.video.Clip;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Thin adapter: the two augmented views of each clip window, as a {@link PositivePair}. */
public final class MakePositivePairs extends ProcessFunction<ClipWindow, PositivePair> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "augment";
    public static final OutputTag<DeadLetter> DEAD_LETTERS = DecodeRecords.DEAD_LETTERS;

    private final Config config;
    private final ClipRecords records;
    private final int maxPayloadBytes;
    private transient ViewAugmenter augmenter;
    private transient long seed;
    private transient Counter pairs;
    private transient Counter deadLetters;
    private transient volatile long lastMicros;

    public MakePositivePairs(Config config, ClipRecords records, int maxPayloadBytes) {
        this.config = config;
        this.records = records;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(OpenContext context) {
        augmenter = AugmentSettings.augmenter(config);
        seed = config.get(Catalogue.SEED);
        var metrics = getRuntimeContext().getMetricGroup();
        pairs = metrics.counter("pairs");
        deadLetters = metrics.counter("deadLetters");
        metrics.meter("pairsPerSecond", new MeterView(pairs));
        metrics.gauge("augmentMicros", () -> lastMicros);
    }

    @Override
    public void processElement(ClipWindow window, Context ctx, Collector<PositivePair> out) {
        long start = System.nanoTime();
        PairViews views;
        try {
            Clip clip = records.toClip(window);
            views = augmenter.makeViews(clip, window.getVideoId(), window.getClipIndex(), window.getPass());
        } catch (RuntimeException e) {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, DeadLetters.fromSource(STAGE, e.toString(), window.getSourceUri(),
                    Codecs.clipWindow().encode(window), maxPayloadBytes));
            return;
        }
        lastMicros = (System.nanoTime() - start) / 1000;
        pairs.inc();
        out.collect(PositivePair.newBuilder()
                .setVideoId(window.getVideoId())
                .setClipIndex(window.getClipIndex())
                .setPass(window.getPass())
                .setQuery(ClipRecords.toClipData(views.query()))
                .setKey(ClipRecords.toClipData(views.key()))
                .setKeyView(KeyViewInfo.newBuilder().build())
                .setLabel(window.getLabel())
                .setAugmentSeed(seed)
                .setEventTimeMs(System.currentTimeMillis())
                .build());
    }
}
