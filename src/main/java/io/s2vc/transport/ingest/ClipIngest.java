package io.s2vc.transport.ingest;

import io.s2vc.avro.ClipWindow;
import io.s2vc.avro.DeadLetter;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.transport.avro.AvroCodec;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.transport.avro.DeadLetters;
import io.s2vc.video.Clip;
import io.s2vc.video.ClipWindower;
import io.s2vc.video.VideoDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Decodes videos into {@link ClipWindow} records on the clips topic, keyed by video id. Videos are
 * decoded in parallel, each sequentially; memory stays bounded because each decoder holds one window
 * span and the producer blocks when its buffer is full. A video that cannot be opened or decoded is
 * dead-lettered with the reason, and the ingest goes on.
 *
 * <p>A replay of a data set (for a training budget) is another {@code pass}: its windows carry the pass
 * number, which gives them new random views downstream, and it may stop after a number of windows.
 */
public final class ClipIngest {
    public static final String STAGE = "ingest";

    private final KafkaSettings kafka;
    private final ClipWindower windower;
    private final int height;
    private final int width;
    private final int threads;
    private final int maxPayloadBytes;
    private final long maxWindowsPerVideo;
    private final IngestListener listener;
    private final AvroCodec<ClipWindow> clipCodec = Codecs.clipWindow();
    private final AvroCodec<DeadLetter> deadLetterCodec = Codecs.deadLetter();

    private ClipIngest(Builder b) {
        this.kafka = b.kafka;
        this.windower = b.windower;
        this.height = b.height;
        this.width = b.width;
        this.threads = b.threads;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.maxWindowsPerVideo = b.maxWindowsPerVideo;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Ingests every source; returns when all finite sources are done (live ones run until interrupted). */
    public IngestResult run(List<IngestSource> sources) throws IOException, InterruptedException {
        return run(sources, 0, Long.MAX_VALUE);
    }

    /**
     * Ingests every source as pass {@code pass} of the data set, publishing at most {@code maxWindows} windows
     * in all (which ones, when the limit cuts a pass short, depends on how the parallel decoders interleave).
     */
    public IngestResult run(List<IngestSource> sources, int pass, long maxWindows) throws IOException,
            InterruptedException {
        Counters counters = new Counters(pass, maxWindows);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "s2vc-decoder");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer())) {
            List<Future<?>> tasks = new ArrayList<>();
            for (IngestSource source : sources) {
                tasks.add(pool.submit(() -> {
                    ingestOne(source, producer, counters, sendFailure);
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                try {
                    task.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("ingest failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            producer.flush();
        } finally {
            pool.shutdownNow();
        }
        if (sendFailure.get() != null) {
            throw new IOException("Kafka rejected records: " + sendFailure.get().getMessage(), sendFailure.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new IngestResult(sources.size(), counters.failed.get(), counters.windows.get(), counters.bytes.get(),
                seconds, counters.decodeNanos.get() / 1e9, counters.encodeNanos.get() / 1e9,
                counters.sendNanos.get() / 1e9);
    }

    private void ingestOne(IngestSource source, Producer<byte[], byte[]> producer, Counters counters,
            AtomicReference<Exception> sendFailure) throws InterruptedException {
        byte[] key = source.videoId().getBytes(StandardCharsets.UTF_8);
        AtomicInteger published = new AtomicInteger();
        long[] lastMark = {System.nanoTime()};
        if (counters.windowsLeft.get() <= 0) {
            listener.videoDone(source, 0); // the limit was met before this video's turn: nothing of it is wanted
            return;
        }
        try (VideoDecoder decoder = VideoDecoder.open(source.uri(), height, width)) {
            int windows = windower.cut(decoder, (clipIndex, startMs, clip) -> {
                if (counters.windowsLeft.getAndDecrement() <= 0) {
                    throw LimitMet.INSTANCE;
                }
                long afterDecode = System.nanoTime();
                counters.decodeNanos.addAndGet(afterDecode - lastMark[0]);
                byte[] value = clipCodec.encode(toRecord(source, clipIndex, startMs, clip, counters.pass));
                long afterEncode = System.nanoTime();
                counters.encodeNanos.addAndGet(afterEncode - afterDecode);
                producer.send(new ProducerRecord<>(kafka.topics().clips(), key, value), (meta, error) -> {
                    if (error != null) {
                        sendFailure.compareAndSet(null, error);
                    }
                });
                lastMark[0] = System.nanoTime();
                counters.sendNanos.addAndGet(lastMark[0] - afterEncode);
                counters.windows.incrementAndGet();
                counters.bytes.addAndGet(value.length);
                published.incrementAndGet();
                listener.windowPublished(source, clipIndex, value.length);
            }, maxWindowsPerVideo);
            if (windows == 0) {
                throw new IOException("no frames could be decoded");
            }
            listener.videoDone(source, windows);
        } catch (LimitMet limit) {
            listener.videoDone(source, published.get());
        } catch (IOException | RuntimeException e) {
            String reason = (published.get() > 0 ? "failed after " + published.get() + " windows: " : "")
                    + e.getMessage();
            counters.failed.incrementAndGet();
            DeadLetter letter = DeadLetters.fromSource(STAGE, reason, source.uri(), head(source), maxPayloadBytes);
            producer.send(new ProducerRecord<>(kafka.topics().deadLetter(), key, deadLetterCodec.encode(letter)));
            listener.videoFailed(source, reason);
        }
    }

    private ClipWindow toRecord(IngestSource source, int clipIndex, long startMs, Clip clip, int pass) {
        return ClipWindow.newBuilder()
                .setVideoId(source.videoId())
                .setClipIndex(clipIndex)
                .setStartTimeMs(startMs)
                .setFrameCount(clip.frames())
                .setHeight(clip.height())
                .setWidth(clip.width())
                .setPixelFormat("rgb24")
                .setFrames(ByteBuffer.wrap(clip.rgb()))
                .setLabel(source.label())
                .setLabelName(source.labelName())
                .setSplit(source.split())
                .setSourceUri(source.uri())
                .setEventTimeMs(System.currentTimeMillis())
                .setPass(pass)
                .build();
    }

    /** The first bytes of a bad file, so the dead letter shows what was there. */
    private byte[] head(IngestSource source) {
        if (source.live()) {
            return new byte[0];
        }
        try (InputStream in = Files.newInputStream(Path.of(source.uri()))) {
            return in.readNBytes(maxPayloadBytes);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    /** Ends a video's decoding once the pass's window limit is met; not a failure, so without a stack trace. */
    private static final class LimitMet extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final LimitMet INSTANCE = new LimitMet();

        private LimitMet() {
            super("window limit met", null, false, false);
        }
    }

    private static final class Counters {
        final int pass;
        /** Shared by the decoders, so that the limit holds for the pass, not per video. */
        final AtomicLong windowsLeft;
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong windows = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong decodeNanos = new AtomicLong();
        final AtomicLong encodeNanos = new AtomicLong();
        final AtomicLong sendNanos = new AtomicLong();

        Counters(int pass, long maxWindows) {
            this.pass = pass;
            this.windowsLeft = new AtomicLong(maxWindows);
        }
    }

    /** Required: {@code setKafka}, {@code setWindower}, {@code setFrameSize}. */
    public static final class Builder {
        private KafkaSettings kafka;
        private ClipWindower windower;
        private int height;
        private int width;
        private int threads = 2;
        private int maxPayloadBytes = 65536;
        private long maxWindowsPerVideo = Long.MAX_VALUE;
        private IngestListener listener = IngestListener.NONE;

        public Builder setKafka(KafkaSettings kafka) {
            this.kafka = kafka;
            return this;
        }

        public Builder setWindower(ClipWindower windower) {
            this.windower = windower;
            return this;
        }

        /** The transport size every frame is scaled to. */
        public Builder setFrameSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder optMaxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public Builder optMaxWindowsPerVideo(long maxWindowsPerVideo) {
            this.maxWindowsPerVideo = maxWindowsPerVideo;
            return this;
        }

        public Builder optListener(IngestListener listener) {
            this.listener = listener;
            return this;
        }

        public ClipIngest build() {
            if (kafka == null || windower == null || height < 1 || width < 1) {
                throw new IllegalStateException("kafka, windower and frame size are required");
            }
            return new ClipIngest(this);
        }
    }
}
