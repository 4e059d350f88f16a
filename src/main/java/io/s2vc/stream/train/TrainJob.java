package io.s2vc.stream.train;

import io.s2vc.config.Catalogue;
import io.s2vc.avro.CheckpointEvent;
import io.s2vc.avro.PositivePair;
import io.s2vc.config.Config;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.kafka.KafkaConnectors;
import io.s2vc.stream.serde.AvroTypes;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.stream.serde.DecodeRecords;
import io.s2vc.train.TrainingSettings;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job {@code train}: positive pairs from {@code s2vc.pairs} train the MoCo model online
 * ({@link TrainOnPairs}); model checkpoints go to the checkpoint store and their events to
 * {@code s2vc.checkpoints}. The same trainer can end the augment job instead ({@link #train}).
 */
public final class TrainJob {
    public static final String NAME = "train";

    private TrainJob() {
    }

    public static String groupId(Config config) {
        return KafkaConnectors.groupId(config, NAME);
    }

    /** Decoded pairs from the pairs topic; undecodable records go to the dead letters. */
    public static DataStream<PositivePair> pairsFromKafka(StreamExecutionEnvironment env, Config config,
            KafkaSettings kafka, OffsetsInitializer stopping) {
        SingleOutputStreamOperator<PositivePair> pairs = env.fromSource(
                        KafkaConnectors.source(kafka, kafka.topics().pairs(), groupId(config), stopping),
                        WatermarkStrategy.noWatermarks(), "pairs").uid("pairs-source")
                .process(DecodeRecords.positivePairs(config.get(Catalogue.DEAD_LETTER_MAX_PAYLOAD_BYTES)),
                        AvroTypes.of(PositivePair.class))
                .name("decode-pairs").uid("decode-pairs");
        KafkaConnectors.sinkDeadLetters(pairs.getSideOutput(DecodeRecords.DEAD_LETTERS), config, kafka, "decode-pairs");
        return pairs;
    }

    /**
     * Attaches the trainer (parallelism 1) to a stream of pairs, with its checkpoint events to the
     * checkpoints topic and its dead letters to the dead-letter topic.
     */
    public static DataStream<CheckpointEvent> train(DataStream<PositivePair> pairs, TrainingSettings settings,
            Config config, KafkaSettings kafka) {
        SingleOutputStreamOperator<CheckpointEvent> events = pairs
                .transform("train", AvroTypes.of(CheckpointEvent.class),
                        new TrainOnPairs(settings, config.get(Catalogue.DEAD_LETTER_MAX_PAYLOAD_BYTES)))
                .uid("train").setParallelism(1).setMaxParallelism(1);
        events.sinkTo(KafkaConnectors.sink(kafka, kafka.topics().checkpoints(), Codecs.checkpointEvent(),
                        CheckpointEvent::getRunId, config.get(Catalogue.KAFKA_DELIVERY), "s2vc-train-checkpoints"))
                .name("checkpoint-events-sink").uid("checkpoint-events-sink").setParallelism(1);
        KafkaConnectors.sinkDeadLetters(events.getSideOutput(TrainOnPairs.DEAD_LETTERS), config, kafka, "train");
        return events;
    }

    /** The whole job: pairs topic → trainer. */
    public static void build(StreamExecutionEnvironment env, Config config, KafkaSettings kafka,
            OffsetsInitializer stopping, TrainingSettings settings) {
        train(pairsFromKafka(env, config, kafka, stopping), settings, config, kafka);
    }
}
