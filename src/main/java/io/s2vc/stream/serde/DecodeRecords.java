package io.s2vc.stream.serde;

import io.s2vc.transport.avro.RecordDecodeException;

import io.s2vc.transport.avro.KafkaInput;

import io.s2vc.transport.avro.DeadLetters;

import io.s2vc.transport.avro.Codecs;

import io.s2vc.transport.avro.ClipRecords;

import io.s2vc.transport.avro.AvroCodec;

import io.s2vc.avro.DeadLetter;
import java.io.Serializable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Decodes and checks Avro records from Kafka. Anything undecodable, of an unknown schema, or that
 * fails the check (e.g. an impossible clip shape) goes to the dead letters with the reason, topic,
 * partition and offset; the job never stops for it.
 */
public final class DecodeRecords<T extends SpecificRecordBase> extends ProcessFunction<KafkaInput, T> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "decode";
    public static final OutputTag<DeadLetter> DEAD_LETTERS = AvroTypes.deadLetterTag();

    /** Checks a decoded record; throws {@link RecordDecodeException} with the reason when it is unusable. */
    @FunctionalInterface
    public interface Check<T> extends Serializable {
        void check(T record);
    }

    private final AvroCodec<T> codec;
    private final Check<T> check;
    private final int maxPayloadBytes;
    private transient Counter decoded;
    private transient Counter deadLetters;

    public DecodeRecords(AvroCodec<T> codec, Check<T> check, int maxPayloadBytes) {
        this.codec = codec;
        this.check = check;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Clip windows whose frames match their shape and the configured limits. */
    public static DecodeRecords<io.s2vc.avro.ClipWindow> clipWindows(ClipRecords records, int maxPayloadBytes) {
        return new DecodeRecords<>(Codecs.clipWindow(), records::toClip, maxPayloadBytes);
    }

    /** Positive pairs whose two views match their shapes. */
    public static DecodeRecords<io.s2vc.avro.PositivePair> positivePairs(int maxPayloadBytes) {
        return new DecodeRecords<>(Codecs.positivePair(), pair -> {
            ClipRecords.fromClipData(pair.getQuery());
            ClipRecords.fromClipData(pair.getKey());
        }, maxPayloadBytes);
    }

    @Override
    public void open(OpenContext context) {
        decoded = getRuntimeContext().getMetricGroup().counter("recordsDecoded");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(KafkaInput in, Context ctx, Collector<T> out) {
        T record;
        try {
            record = codec.decode(in.value);
            check.check(record);
        } catch (RecordDecodeException | IllegalArgumentException e) {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, DeadLetters.fromTopic(STAGE, e.getMessage(), in.topic, in.partition, in.offset,
                    in.value, maxPayloadBytes));
            return;
        }
        decoded.inc();
        out.collect(record);
    }
}
