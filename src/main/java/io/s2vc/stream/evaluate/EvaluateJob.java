package io.s2vc.stream.evaluate;

import io.s2vc.config.Catalogue;
import io.s2vc.avro.CheckpointEvent;
import io.s2vc.avro.EvalReport;
import io.s2vc.config.Config;
import io.s2vc.eval.EvalSettings;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.kafka.KafkaConnectors;
import io.s2vc.stream.serde.AvroTypes;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.stream.serde.DecodeRecords;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job {@code evaluate}: checkpoint events from {@code s2vc.checkpoints} → each checkpoint
 * evaluated on the configured labelled data set ({@link EvaluateCheckpoints}) → {@link EvalReport}
 * records on {@code s2vc.metrics}, and the report files in the report folder.
 */
public final class EvaluateJob {
    public static final String NAME = "evaluate";

    private EvaluateJob() {
    }

    public static String groupId(Config config) {
        return KafkaConnectors.groupId(config, NAME);
    }

    /**
     * @param dataRoot the labelled data set (UCF101/HMDB51 layout)
     * @param cacheDir decoded clips and features kept between evaluations
     * @param reportDir report.json, report.md and the plots
     */
    public static void build(StreamExecutionEnvironment env, Config config, KafkaSettings kafka,
            OffsetsInitializer stopping, String dataRoot, String cacheDir, String reportDir) {
        SingleOutputStreamOperator<CheckpointEvent> events = env.fromSource(
                        KafkaConnectors.source(kafka, kafka.topics().checkpoints(), groupId(config), stopping),
                        WatermarkStrategy.noWatermarks(), "checkpoint-events").uid("checkpoint-events-source")
                .setParallelism(1)
                .process(new DecodeRecords<>(Codecs.checkpointEvent(), event -> { },
                        config.get(Catalogue.DEAD_LETTER_MAX_PAYLOAD_BYTES)), AvroTypes.of(CheckpointEvent.class))
                .name("decode-checkpoint-events").uid("decode-checkpoint-events").setParallelism(1);
        KafkaConnectors.sinkDeadLetters(events.getSideOutput(DecodeRecords.DEAD_LETTERS), config, kafka, "evaluate");
        // Flink starts an element's timeout when it enters the queue, and evaluations run one after another:
        // the timeout must cover the whole queue, and a draining stop waits for it, so checkpoints may take as long.
        int capacity = config.get(Catalogue.EVAL_QUEUE_CAPACITY);
        long timeoutMinutes = config.get(Catalogue.EVAL_TIMEOUT_MINUTES) * (capacity + 1L);
        env.getCheckpointConfig().setCheckpointTimeout(TimeUnit.MINUTES.toMillis(config.get(Catalogue.EVAL_TIMEOUT_MINUTES)));
        DataStream<EvalReport> reports = AsyncDataStream.orderedWait(events,
                        new EvaluateCheckpoints(EvalSettings.from(config), dataRoot, cacheDir, reportDir),
                        timeoutMinutes, TimeUnit.MINUTES, capacity)
                .name("evaluate").uid("evaluate").setParallelism(1);
        reports.sinkTo(KafkaConnectors.sink(kafka, kafka.topics().metrics(), Codecs.evalReport(), EvalReport::getRunId,
                        config.get(Catalogue.KAFKA_DELIVERY), "s2vc-evaluate-reports"))
                .name("eval-reports-sink").uid("eval-reports-sink").setParallelism(1);
    }
}
