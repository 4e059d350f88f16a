package io.s2vc.stream.augment;

import io.s2vc.avro.ClipWindow;
import io.s2vc.avro.DeadLetter;
import io.s2vc.stream.serde.AvroCodec;
import io.s2vc.stream.serde.AvroTypes;
import io.s2vc.stream.serde.ClipRecords;
import io.s2vc.stream.serde.Codecs;
import io.s2vc.stream.serde.DeadLetters;
import io.s2vc.stream.serde.KafkaInput;
import io.s2vc.stream.serde.RecordDecodeException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and checks clip windows from Kafka. Anything undecodable, of an unknown schema, or of
 * an impossible shape goes to the dead letters with the reason; the job never stops for it.
 */
public final class DecodeClipWindows extends ProcessFunction<KafkaInput, ClipWindow> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "decode";
    public static final OutputTag<DeadLetter> DEAD_LETTERS = AvroTypes.deadLetterTag();

    private final ClipRecords records;
    private final int maxPayloadBytes;
    private final AvroCodec<ClipWindow> codec = Codecs.clipWindow();
    private transient Counter decoded;
    private transient Counter deadLetters;

    public DecodeClipWindows(ClipRecords records, int maxPayloadBytes) {
        this.records = records;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(OpenContext context) {
        decoded = getRuntimeContext().getMetricGroup().counter("clipsDecoded");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(KafkaInput in, Context ctx, Collector<ClipWindow> out) {
        ClipWindow window;
        try {
            window = codec.decode(in.value);
            records.toClip(window);
        } catch (RecordDecodeException e) {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, DeadLetters.fromTopic(STAGE, e.getMessage(), in.topic, in.partition, in.offset,
                    in.value, maxPayloadBytes));
            return;
        }
        decoded.inc();
        out.collect(window);
    }
}
