package io.s2vc.transport;

import io.s2vc.avro.ClipWindow;
import io.s2vc.flow.pretrain.FrameSource;
import io.s2vc.flow.pretrain.SeededStreams;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.transport.avro.AvroCodec;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.transport.avro.RecordDecodeException;
import io.s2vc.video.AdaptiveAveragePool;
import io.s2vc.video.Clip;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-training frames from the {@code s2vc.clips} topic: every {@link ClipWindow} gives a few of its
 * frames (uniformly without replacement), down-sampled to the flow's size with adaptive average
 * pooling, as S²VC feeds its flow (reference §2.2).
 *
 * <p>A plain consumer assigned to every partition, without a consumer group: the position (the next
 * offset of each partition) goes into the pre-training checkpoint, so a resumed run reads on from
 * exactly the records it had not used yet. The interleaving of partitions may differ between runs, so
 * a resumed Kafka run sees the same records but not necessarily in the same order.
 *
 * <p>Held-out frames must not come from videos the flow trains on: a window belongs to the
 * {@link Role#HELD_OUT} side if its split is {@code test}, or, without a split, if its video id falls
 * in the held-out tenth by hash; every other window belongs to {@link Role#TRAINING}.
 */
public final class KafkaClipFrameSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClipFrameSource.class);
    private static final int HELD_OUT_EVERY = 10;

    /** Which windows a source takes. */
    public enum Role {
        TRAINING,
        HELD_OUT
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Role role;
    private final int height;
    private final int width;
    private final long seed;
    private final int framesPerClip;
    private final Duration pollTimeout;
    private final ClipRecords clipRecords;
    private final AvroCodec<ClipWindow> codec = Codecs.clipWindow();
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private final Map<String, AdaptiveAveragePool> pools = new HashMap<>();
    private long windowsRead;
    private long badRecords;

    private KafkaClipFrameSource(Builder builder) {
        this.topic = builder.topic != null ? builder.topic : builder.kafka.topics().clips();
        this.role = builder.role;
        this.height = builder.height;
        this.width = builder.width;
        this.seed = builder.seed;
        this.framesPerClip = builder.framesPerClip;
        this.pollTimeout = builder.pollTimeout;
        this.clipRecords = builder.clipRecords;
        Properties properties = builder.kafka.consumer(null);
        properties.put("enable.auto.commit", "false");
        this.consumer = new KafkaConsumer<>(properties);
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            consumer.close();
            throw new IllegalArgumentException("topic " + topic + " does not exist (ingest into it first)");
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        for (TopicPartition partition : assigned) {
            nextOffsets.put(partition, consumer.position(partition));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Frames of the next window of this source's role; empty if none arrived within the poll timeout. */
    @Override
    public List<byte[]> next() {
        while (true) {
            if (buffered.isEmpty()) {
                consumer.poll(pollTimeout).forEach(buffered::add);
                if (buffered.isEmpty()) {
                    return List.of();
                }
            }
            ConsumerRecord<byte[], byte[]> record = buffered.poll();
            nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            List<byte[]> frames = framesOf(record);
            if (frames != null) {
                return frames;
            }
        }
    }

    /** The sampled, pooled frames of a record of this role; {@code null} for other records and bad ones. */
    private List<byte[]> framesOf(ConsumerRecord<byte[], byte[]> record) {
        ClipWindow window;
        Clip clip;
        try {
            window = codec.decode(record.value());
            if (roleOf(window) != role) {
                return null;
            }
            clip = clipRecords.toClip(window);
        } catch (RecordDecodeException e) {
            badRecords++;
            LOG.warn("skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return null;
        }
        SplittableRandom random = SeededStreams.of(seed, SeededStreams.CLIP, windowsRead++);
        AdaptiveAveragePool pool = pools.computeIfAbsent(clip.height() + "x" + clip.width(),
                size -> new AdaptiveAveragePool(clip.height(), clip.width(), height, width));
        int take = Math.min(framesPerClip, clip.frames());
        int[] order = new int[clip.frames()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<byte[]> frames = new ArrayList<>(take);
        for (int i = 0; i < take; i++) { // partial Fisher–Yates: the first `take` of a random permutation
            int j = i + random.nextInt(order.length - i);
            int chosen = order[j];
            order[j] = order[i];
            order[i] = chosen;
            frames.add(pool.pool(clip, chosen));
        }
        return frames;
    }

    /** Test-split windows, and windows of every tenth video (by id hash) when there is no split, are held out. */
    static Role roleOf(ClipWindow window) {
        String split = window.getSplit();
        if (split != null) {
            return "test".equals(split) ? Role.HELD_OUT : Role.TRAINING;
        }
        return Math.floorMod(window.getVideoId().hashCode(), HELD_OUT_EVERY) == 0 ? Role.HELD_OUT : Role.TRAINING;
    }

    /** {@code windowsRead;partition=offset,partition=offset…}. */
    @Override
    public String position() {
        StringBuilder text = new StringBuilder(Long.toString(windowsRead)).append(';');
        new TreeMap<>(byPartitionNumber()).forEach((partition, offset) ->
                text.append(partition).append('=').append(offset).append(','));
        return text.toString();
    }

    @Override
    public void seek(String position) {
        try {
            String[] parts = position.split(";", -1);
            long windows = Long.parseLong(parts[0]);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (String item : parts[1].split(",")) {
                if (!item.isEmpty()) {
                    String[] pair = item.split("=");
                    offsets.put(new TopicPartition(topic, Integer.parseInt(pair[0])), Long.parseLong(pair[1]));
                }
            }
            if (!nextOffsets.keySet().containsAll(offsets.keySet())) {
                throw new IllegalArgumentException("partitions " + offsets.keySet() + " are not all in " + topic);
            }
            buffered.clear();
            offsets.forEach(consumer::seek);
            nextOffsets.putAll(offsets);
            windowsRead = windows;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a position of a Kafka clip source: '" + position + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    private Map<Integer, Long> byPartitionNumber() {
        Map<Integer, Long> offsets = new HashMap<>();
        nextOffsets.forEach((partition, offset) -> offsets.put(partition.partition(), offset));
        return offsets;
    }

    @Override
    public String describe() {
        return "topic " + topic + " (" + (role == Role.HELD_OUT ? "held-out" : "training") + " windows, "
                + framesPerClip + " frames per window, pooled to " + height + "x" + width
                + (badRecords > 0 ? ", " + badRecords + " bad records skipped" : "") + ")";
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** DJL-style builder: {@code set…} is required, {@code opt…} optional. */
    public static final class Builder {
        private KafkaSettings kafka;
        private String topic;
        private Role role = Role.TRAINING;
        private int height;
        private int width;
        private long seed;
        private int framesPerClip = 8;
        private Duration pollTimeout = Duration.ofSeconds(1);
        private ClipRecords clipRecords = new ClipRecords(512, 4096);

        private Builder() {
        }

        public Builder setKafka(KafkaSettings kafka) {
            this.kafka = kafka;
            return this;
        }

        /** The flow's frame size. */
        public Builder setFrameSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** The topic to read (default: the configured clips topic). */
        public Builder optTopic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder optRole(Role role) {
            this.role = Objects.requireNonNull(role);
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optFramesPerClip(int framesPerClip) {
            this.framesPerClip = framesPerClip;
            return this;
        }

        public Builder optPollTimeout(Duration pollTimeout) {
            this.pollTimeout = Objects.requireNonNull(pollTimeout);
            return this;
        }

        /** Limits that a window must respect (default: the defaults of {@code limits.*}). */
        public Builder optClipRecords(ClipRecords clipRecords) {
            this.clipRecords = Objects.requireNonNull(clipRecords);
            return this;
        }

        public KafkaClipFrameSource build() {
            Objects.requireNonNull(kafka, "setKafka is required");
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("setFrameSize is required (positive height and width)");
            }
            if (framesPerClip < 1) {
                throw new IllegalArgumentException("frames per clip must be >= 1, got " + framesPerClip);
            }
            return new KafkaClipFrameSource(this);
        }
    }
}
