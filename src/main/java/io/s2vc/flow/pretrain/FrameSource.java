package io.s2vc.flow.pretrain;

import java.io.IOException;
import java.util.List;

/**
 * Where pre-training frames come from: 8-bit RGB frames already at the flow's size, each
 * {@code height × width × 3} bytes, interleaved and row-major (the data before dequantisation).
 *
 * <p>Implementations: {@link VideoFrameSource} (video files and data-set roots) and
 * {@code io.s2vc.transport.KafkaClipFrameSource} (the {@code s2vc.clips} topic). A source is
 * used by one thread. Its {@link #position} goes into every checkpoint, so that a resumed run reads
 * on exactly where the interrupted one stood.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * The next few frames, e.g. some frames of one video or of one clip window; an empty list when
     * nothing is available right now (a live source that is idle, or a video that failed to decode).
     */
    List<byte[]> next() throws IOException;

    /** Where the source stands, as text for a checkpoint. */
    String position();

    /**
     * Continues from a {@link #position} of a source of the same kind and arguments.
     *
     * @throws IllegalArgumentException if the position is not one of this kind of source
     */
    void seek(String position);

    /** One line for logs and the run's manifest. */
    String describe();

    @Override
    void close() throws IOException;
}
