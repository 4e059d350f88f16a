package io.s2vc.transport.avro;

import io.s2vc.avro.CheckpointEvent;
import io.s2vc.avro.ClipWindow;
import io.s2vc.avro.DeadLetter;
import io.s2vc.avro.EvalReport;
import io.s2vc.avro.PositivePair;

/** One codec per record type of the product's topics. */
public final class Codecs {
    private Codecs() {
    }

    public static AvroCodec<ClipWindow> clipWindow() {
        return new AvroCodec<>(ClipWindow.class);
    }

    public static AvroCodec<PositivePair> positivePair() {
        return new AvroCodec<>(PositivePair.class);
    }

    public static AvroCodec<CheckpointEvent> checkpointEvent() {
        return new AvroCodec<>(CheckpointEvent.class);
    }

    public static AvroCodec<EvalReport> evalReport() {
        return new AvroCodec<>(EvalReport.class);
    }

    public static AvroCodec<DeadLetter> deadLetter() {
        return new AvroCodec<>(DeadLetter.class);
    }
}
