package io.s2vc.stream.serde;

import io.s2vc.avro.DeadLetter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** Flink type information for the Avro records: Flink's Avro serializer, never Kryo. */
public final class AvroTypes {
    private AvroTypes() {
    }

    public static <T extends SpecificRecordBase> AvroTypeInfo<T> of(Class<T> type) {
        return new AvroTypeInfo<>(type);
    }

    /** The side output every operator sends its dead letters to. */
    public static OutputTag<DeadLetter> deadLetterTag() {
        return new OutputTag<>("dead-letters", of(DeadLetter.class));
    }
}
