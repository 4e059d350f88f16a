package io.s2vc.transport.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.avro.ClipWindow;
import io.s2vc.avro.PositivePair;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    static ClipWindow window(int t, int h, int w) {
        return ClipWindow.newBuilder()
                .setVideoId("v1").setClipIndex(3).setStartTimeMs(120).setFrameCount(t).setHeight(h).setWidth(w)
                .setFrames(ByteBuffer.wrap(new byte[t * h * w * 3])).setSourceUri("file:/x.avi")
                .setEventTimeMs(1000L).build();
    }

    @Test
    void singleObjectEncodingRoundTrips() {
        AvroCodec<ClipWindow> codec = Codecs.clipWindow();
        ClipWindow original = window(2, 4, 5);
        byte[] bytes = codec.encode(original);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(original, codec.decode(bytes));
    }

    @Test
    void garbageUnknownSchemaAndTruncationAreReasons() {
        AvroCodec<ClipWindow> codec = Codecs.clipWindow();
        assertTrue(assertThrows(RecordDecodeException.class, () -> codec.decode(new byte[] {1, 2, 3, 4}))
                .getMessage().contains("not an Avro single-object message"));
        byte[] pair = Codecs.positivePair().encode(PositivePair.newBuilder()
                .setVideoId("v").setClipIndex(0)
                .setQuery(ClipRecords.toClipData(io.s2vc.video.Clip.zeros(1, 1, 1)))
                .setKey(ClipRecords.toClipData(io.s2vc.video.Clip.zeros(1, 1, 1)))
                .setKeyView(io.s2vc.avro.KeyViewInfo.newBuilder().build())
                .setEventTimeMs(0L).build());
        assertTrue(assertThrows(RecordDecodeException.class, () -> codec.decode(pair))
                .getMessage().contains("unknown writer schema"));
        byte[] good = codec.encode(window(2, 2, 2));
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 10);
        assertTrue(assertThrows(RecordDecodeException.class, () -> codec.decode(cut))
                .getMessage().contains("corrupt"));
        assertThrows(RecordDecodeException.class, () -> codec.decode(new byte[0]));
    }

    /**
     * A reader on the current schema reads records written before any defaulted field existed: the
     * old writer schema is the current one without those fields.
     */
    @Test
    void newerReaderReadsOldRecordsOfEveryType() throws Exception {
        for (AvroCodec<? extends SpecificRecordBase> codec : List.of(Codecs.clipWindow(), Codecs.positivePair(),
                Codecs.checkpointEvent(), Codecs.evalReport(), Codecs.deadLetter())) {
            checkOldRecordReads(codec);
        }
    }

    private static <T extends SpecificRecordBase> void checkOldRecordReads(AvroCodec<T> codec) throws Exception {
        Schema current = codec.schema();
        List<Schema.Field> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (f.hasDefaultValue()) {
                dropped.add(f.name());
            } else {
                kept.add(new Schema.Field(f, f.schema()));
            }
        }
        assertTrue(!dropped.isEmpty(), current.getName() + " should have fields with defaults");
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, kept);
        GenericRecord record = new GenericData.Record(old);
        for (Schema.Field f : old.getFields()) {
            record.put(f.name(), sample(f.schema()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(record, out);
        byte[] oldBytes = out.toByteArray();

        assertThrows(RecordDecodeException.class, () -> codec.decode(oldBytes), "unregistered old schema");
        codec.registerWriterSchema(old);
        T read = codec.decode(oldBytes);
        for (String name : dropped) {
            Object expected = GenericData.get().getDefaultValue(current.getField(name));
            Object actual = read.get(current.getField(name).pos());
            if (expected == null) {
                assertNull(actual, current.getName() + "." + name);
            } else {
                assertEquals(expected.toString(), actual.toString(), current.getName() + "." + name);
            }
        }
    }

    private static Object sample(Schema s) {
        return switch (s.getType()) {
            case STRING -> "x";
            case INT -> 1;
            case LONG -> 2L;
            case FLOAT -> 1f;
            case DOUBLE -> 1.0;
            case BYTES -> ByteBuffer.wrap(new byte[] {7});
            case MAP -> new java.util.HashMap<String, Object>();
            case RECORD -> {
                GenericRecord r = new GenericData.Record(s);
                s.getFields().forEach(f -> r.put(f.name(), sample(f.schema())));
                yield r;
            }
            case UNION -> sample(s.getTypes().get(s.getTypes().size() - 1));
            default -> throw new IllegalArgumentException("no sample for " + s);
        };
    }

    @Test
    void clipShapeChecksNameTheProblem() {
        ClipRecords records = new ClipRecords(64, 512);
        assertEquals(2, records.toClip(window(2, 3, 4)).frames());
        assertTrue(assertThrows(RecordDecodeException.class, () -> records.toClip(window(1, 3, 4)))
                .getMessage().contains("frame count 1 < 2"));
        ClipWindow wrongBytes = window(2, 3, 4);
        wrongBytes.setFrames(ByteBuffer.wrap(new byte[5]));
        assertTrue(assertThrows(RecordDecodeException.class, () -> records.toClip(wrongBytes))
                .getMessage().contains("!= T*H*W*3"));
        assertTrue(assertThrows(RecordDecodeException.class, () -> records.toClip(window(2, 600, 4)))
                .getMessage().contains("absurd"));
        assertTrue(assertThrows(RecordDecodeException.class, () -> records.toClip(window(65, 1, 1)))
                .getMessage().contains("max_frames"));
        ClipWindow gray = window(2, 2, 2);
        gray.setPixelFormat("gray8");
        assertThrows(RecordDecodeException.class, () -> records.toClip(gray));
        byte[] data = new byte[2 * 2 * 2 * 3];
        data[5] = 9;
        ClipWindow w = window(2, 2, 2);
        w.setFrames(ByteBuffer.wrap(data));
        assertArrayEquals(data, records.toClip(w).rgb());
    }
}
