package io.s2vc.transport.avro;

import io.s2vc.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Builds {@link DeadLetter} records with the payload cut to a bounded size. */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static DeadLetter fromTopic(String stage, String reason, String topic, int partition, long offset,
            byte[] payload, int maxPayloadBytes) {
        return build(stage, reason, topic, partition, offset, null, payload, maxPayloadBytes);
    }

    public static DeadLetter fromSource(String stage, String reason, String sourceUri, byte[] payload,
            int maxPayloadBytes) {
        return build(stage, reason, null, null, null, sourceUri, payload, maxPayloadBytes);
    }

    private static DeadLetter build(String stage, String reason, String topic, Integer partition, Long offset,
            String sourceUri, byte[] payload, int maxPayloadBytes) {
        byte[] bytes = payload == null ? new byte[0] : payload;
        byte[] kept = bytes.length <= maxPayloadBytes ? bytes : Arrays.copyOf(bytes, maxPayloadBytes);
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setReason(oneLine(reason))
                .setSourceTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setSourceUri(sourceUri)
                .setPayload(ByteBuffer.wrap(kept))
                .setPayloadSize(bytes.length)
                .setTimeMs(System.currentTimeMillis())
                .build();
    }

    private static String oneLine(String reason) {
        String r = reason == null ? "unknown error" : reason.replace('\n', ' ').replace('\r', ' ');
        return r.length() > 1000 ? r.substring(0, 1000) + "…" : r;
    }
}
