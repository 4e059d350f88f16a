package io.s2vc.transport.avro;

/** A message that cannot be turned into a record; the message is the dead-letter reason. */
public final class RecordDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordDecodeException(String reason) {
        super(reason);
    }
}
