package io.s2vc.stream.augment;

import io.s2vc.config.Catalogue;
import io.s2vc.avro.ClipWindow;
import io.s2vc.avro.DeadLetter;
import io.s2vc.avro.PositivePair;
import io.s2vc.config.Config;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.batch.MicroBatchOperator;
import io.s2vc.stream.kafka.KafkaConnectors;
import io.s2vc.stream.suppress.SuppressKeyViews;
import io.s2vc.stream.train.TrainJob;
import io.s2vc.train.TrainingSettings;
import io.s2vc.stream.suppress.SuppressionSettings;
import io.s2vc.stream.serde.AvroTypes;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.stream.serde.DecodeRecords;
import io.s2vc.transport.avro.KafkaInput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job {@code augment}: clip windows from {@code s2vc.clips} become positive pairs on
 * {@code s2vc.pairs}; bad records go to {@code s2vc.dead-letter}.
 */
public final class AugmentJob {
    public static final String NAME = "augment";

    private AugmentJob() {
    }

    public static String groupId(Config config) {
        return KafkaConnectors.groupId(config, NAME);
    }

    /**
     * The pairs stream, for jobs that extend this graph (training). With suppression enabled the key
     * views are made motion-preserved in micro-batches.
     */
    public static DataStream<PositivePair> pairs(StreamExecutionEnvironment env, Config config,
            KafkaSettings kafka, OffsetsInitializer stopping, SuppressionSettings suppression) {
        int maxPayload = config.get(Catalogue.DEAD_LETTER_MAX_PAYLOAD_BYTES);
        ClipRecords records = new ClipRecords(config.get(Catalogue.LIMITS_MAX_FRAMES), config.get(Catalogue.LIMITS_MAX_SIDE));
        DataStream<KafkaInput> raw = env.fromSource(
                KafkaConnectors.source(kafka, kafka.topics().clips(), groupId(config), stopping),
                WatermarkStrategy.noWatermarks(), "clips").uid("clips-source");
        SingleOutputStreamOperator<ClipWindow> windows = raw
                .process(DecodeRecords.clipWindows(records, maxPayload), AvroTypes.of(ClipWindow.class))
                .name("decode-clips").uid("decode-clips");
        SingleOutputStreamOperator<PositivePair> pairs = windows
                .process(new MakePositivePairs(config, records, maxPayload), AvroTypes.of(PositivePair.class))
                .name("make-views").uid("make-views");
        DataStream<DeadLetter> deadLetters = windows.getSideOutput(DecodeRecords.DEAD_LETTERS)
                .union(pairs.getSideOutput(MakePositivePairs.DEAD_LETTERS));
        DataStream<PositivePair> out = pairs;
        if (suppression.enabled()) {
            SingleOutputStreamOperator<PositivePair> suppressed = pairs.transform("suppress-keys",
                    AvroTypes.of(PositivePair.class),
                    new MicroBatchOperator<>(new SuppressKeyViews(suppression, maxPayload),
                            config.get(Catalogue.SUPPRESS_BATCH_SIZE), config.get(Catalogue.SUPPRESS_MAX_WAIT_MS)))
                    .uid("suppress-keys");
            deadLetters = deadLetters.union(suppressed.getSideOutput(MicroBatchOperator.DEAD_LETTERS));
            out = suppressed;
        }
        KafkaConnectors.sinkDeadLetters(deadLetters, config, kafka, NAME);
        return out;
    }

    /** The whole job: pairs to the pairs topic. */
    public static void build(StreamExecutionEnvironment env, Config config, KafkaSettings kafka,
            OffsetsInitializer stopping, SuppressionSettings suppression) {
        build(env, config, kafka, stopping, suppression, null);
    }

    /** The whole job: pairs to the pairs topic and, with {@code training} set, to the online trainer. */
    public static void build(StreamExecutionEnvironment env, Config config, KafkaSettings kafka,
            OffsetsInitializer stopping, SuppressionSettings suppression, TrainingSettings training) {
        DataStream<PositivePair> pairs = pairs(env, config, kafka, stopping, suppression);
        if (training != null) {
            TrainJob.train(pairs, training, config, kafka);
        }
        pairs
                .sinkTo(KafkaConnectors.sink(kafka, kafka.topics().pairs(), Codecs.positivePair(),
                        PositivePair::getVideoId, config.get(Catalogue.KAFKA_DELIVERY), "s2vc-augment-pairs"))
                .name("pairs-sink").uid("pairs-sink");
    }
}
