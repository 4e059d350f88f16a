package io.s2vc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.avro.ClipWindow;
import io.s2vc.config.Config;
import io.s2vc.transport.EmbeddedKafka;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.video.AdaptiveAveragePool;
import io.s2vc.video.Clip;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames for pre-training from clip windows on Kafka: pooled to the flow's size, split by role, resumable. */
class KafkaClipFrameSourceTest {
    private static final int T = 4;
    private static final int H = 12;
    private static final int W = 16;

    @Test
    void readsPooledFramesByRoleAndResumesFromItsPosition(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, 16 << 20)) {
            Config config = Config.load("cpu-tiny", List.of("kafka.bootstrap_servers=" + broker.bootstrapServers(),
                    "kafka.topics.clips=frames.clips", "kafka.partitions=1"));
            KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), config);
            kafka.topics().ensureExist(kafka);
            List<Clip> clips = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer())) {
                for (int i = 0; i < 6; i++) {
                    Clip clip = clip(i);
                    clips.add(clip);
                    ClipWindow window = window("video-" + i, i % 3 == 2 ? "test" : "train", clip);
                    producer.send(new ProducerRecord<>("frames.clips", window.getVideoId().getBytes(),
                            Codecs.clipWindow().encode(window))).get();
                }
            }
            AdaptiveAveragePool pool = new AdaptiveAveragePool(H, W, 8, 8);
            String position;
            try (KafkaClipFrameSource training = source(kafka, KafkaClipFrameSource.Role.TRAINING)) {
                List<byte[]> first = training.next();
                assertEquals(2, first.size());
                assertTrue(isPooledFrameOf(first.get(0), clips.get(0), pool), "a pooled frame of the first clip");
                position = training.position();
                List<byte[]> second = training.next();
                assertTrue(isPooledFrameOf(second.get(0), clips.get(1), pool), "the second training clip");
                List<byte[]> third = training.next();
                assertTrue(isPooledFrameOf(third.get(0), clips.get(3), pool), "clip 2 is held out (test split)");
            }
            try (KafkaClipFrameSource resumed = source(kafka, KafkaClipFrameSource.Role.TRAINING)) {
                resumed.seek(position);
                assertTrue(isPooledFrameOf(resumed.next().get(0), clips.get(1), pool), "resumes after the first clip");
            }
            try (KafkaClipFrameSource heldOut = source(kafka, KafkaClipFrameSource.Role.HELD_OUT)) {
                assertTrue(isPooledFrameOf(heldOut.next().get(0), clips.get(2), pool));
                assertTrue(isPooledFrameOf(heldOut.next().get(0), clips.get(5), pool));
                assertEquals(List.of(), heldOut.next(), "nothing more within the poll timeout");
            }
        }
    }

    private static KafkaClipFrameSource source(KafkaSettings kafka, KafkaClipFrameSource.Role role) {
        return KafkaClipFrameSource.builder().setKafka(kafka).setFrameSize(8, 8).optTopic("frames.clips")
                .optRole(role).optFramesPerClip(2).optSeed(3).build();
    }

    /** Each frame of clip i is filled with its own distinct bytes, so every pooled frame tells where it came from. */
    private static Clip clip(int index) {
        byte[] rgb = new byte[T * H * W * 3];
        for (int t = 0; t < T; t++) {
            for (int p = 0; p < H * W * 3; p++) {
                rgb[t * H * W * 3 + p] = (byte) (index * 40 + t * 8 + (p % 5));
            }
        }
        return new Clip(T, H, W, rgb);
    }

    private static boolean isPooledFrameOf(byte[] frame, Clip clip, AdaptiveAveragePool pool) {
        for (int t = 0; t < clip.frames(); t++) {
            if (Arrays.equals(frame, pool.pool(clip, t))) {
                return true;
            }
        }
        return false;
    }

    private static ClipWindow window(String videoId, String split, Clip clip) {
        return ClipWindow.newBuilder().setVideoId(videoId).setClipIndex(0).setStartTimeMs(0).setFrameCount(T)
                .setHeight(H).setWidth(W).setPixelFormat("rgb24").setFrames(ByteBuffer.wrap(clip.rgb()))
                .setLabel(null).setLabelName(null).setSplit(split).setSourceUri("test://" + videoId)
                .setEventTimeMs(System.currentTimeMillis()).build();
    }
}
