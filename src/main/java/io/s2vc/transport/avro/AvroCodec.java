package io.s2vc.transport.avro;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro single-object encoding (header C3 01, the writer schema's 8-byte fingerprint, then the
 * binary body) for one record type: what every s2vc topic carries, readable in any language from
 * the files in {@code schemas/} with no registry. Older writer schemas can be registered, so that a
 * reader on a newer schema reads old records (fields added later have defaults).
 */
public final class AvroCodec<T extends SpecificRecordBase> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    public AvroCodec(Class<T> type) {
        this.type = type;
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return SpecificData.get().getSchema(type);
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder().encode(record);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** @throws RecordDecodeException with a reason fit for a dead letter */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new RecordDecodeException("empty message (no Avro single-object header)");
        }
        try {
            return decoder().decode(bytes);
        } catch (BadHeaderException e) {
            throw new RecordDecodeException("not an Avro single-object message: " + e.getMessage());
        } catch (MissingSchemaException e) {
            throw new RecordDecodeException("unknown writer schema for " + type.getSimpleName() + ": " + e.getMessage());
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new RecordDecodeException("corrupt " + type.getSimpleName() + " body: " + e);
        }
    }

    /** Lets this codec read records written with an older (or newer) version of the schema. */
    public void registerWriterSchema(Schema writerSchema) {
        decoder().addSchema(writerSchema);
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(type), schema());
        }
        return encoder;
    }

    private BinaryMessageDecoder<T> decoder() {
        if (decoder == null) {
            decoder = new BinaryMessageDecoder<>(SpecificData.getForClass(type), schema());
        }
        return decoder;
    }
}
