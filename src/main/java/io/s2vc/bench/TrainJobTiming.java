package io.s2vc.bench;

import io.s2vc.avro.KeyViewInfo;
import io.s2vc.avro.PositivePair;
import io.s2vc.config.Config;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.stream.runtime.InputBound;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.stream.serde.AvroTypes;
import io.s2vc.transport.avro.ClipRecords;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.stream.train.TrainJob;
import io.s2vc.train.TrainingPair;
import io.s2vc.train.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Training throughput of the Flink job {@code train} fed from Kafka, in the repeats of the standalone
 * loop: the pairs are produced to the pairs topic first, then the job trains on exactly that many
 * ({@link InputBound}) with a {@link PairArrivalClock} in front of the trainer. Warm-up steps, then
 * {@code repeats} windows of {@code stepsPerRepeat} steps each, timed between pair arrivals, then one
 * more batch whose first pair closes the last window (and that keeps every batch full).
 *
 * <p>Why marks instead of the job's runtime: start-up (scheduling, the Kafka source's first fetch), the
 * model build and the final model checkpoint cost seconds that do not grow with the input, so a
 * pairs-over-runtime rate depends on how long the run is; the marks give the steady-state rate the
 * standalone loop is compared with. Flink checkpoints in a window stay in it: they are a cost of
 * streaming (the trainer's state is snapshotted synchronously, for R3D-18 about 0.5 GB).
 */
final class TrainJobTiming {
    private static final double IDLE_SECONDS = 60;

    /**
     * @param pairsPerSecond one rate per timed window
     * @param checkpoints Flink checkpoints taken while timing
     * @param jobSeconds the job's whole runtime, start-up and teardown included
     * @param cpuAtFirstMark the process's CPU time by kind of thread when the timed windows began
     * @param cpuAtLastMark and when they ended
     */
    record Result(double[] pairsPerSecond, int checkpoints, double jobSeconds, ThreadCpu cpuAtFirstMark,
            ThreadCpu cpuAtLastMark) {
    }

    private TrainJobTiming() {
    }

    /**
     * Runs the job on a platform of {@code config} (the embedded Kafka and MiniCluster unless it names
     * external ones) that lives in {@code workDir} for this run only.
     */
    static Result run(Config config, TrainingSettings settings, Path workDir, RandomPairs pairs, int warmupSteps,
            int stepsPerRepeat, int repeats) throws Exception {
        int batch = settings.batchSize();
        long[] marks = new long[repeats + 1];
        for (int j = 0; j <= repeats; j++) {
            marks[j] = (long) (warmupSteps + j * stepsPerRepeat) * batch;
        }
        long records = marks[repeats] + batch;
        try (Platform platform = new Platform(config, workDir)) {
            KafkaSettings kafka = platform.kafka();
            produce(kafka, pairs, records);
            JobExecutionResult result = platform.jobRunner()
                    .run(TrainJob.NAME, kafka.topics().pairs(), TrainJob.groupId(config), new InputBound(records, IDLE_SECONDS),
                            (env, stopping) -> build(env, config, kafka, stopping, settings, marks))
                    .orElseThrow(() -> new IllegalStateException("the train job found no pairs to read"));
            List<Long> arrivals = result.getAccumulatorResult(PairArrivalClock.ARRIVALS);
            if (arrivals == null || arrivals.size() != marks.length) {
                throw new IllegalStateException("the clock saw " + (arrivals == null ? 0 : arrivals.size()) + " of "
                        + marks.length + " marks (did the job restart?)");
            }
            double[] pairsPerSecond = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                pairsPerSecond[r] = (double) stepsPerRepeat * batch / ((arrivals.get(r + 1) - arrivals.get(r)) / 1e9);
            }
            Integer checkpoints = result.getAccumulatorResult(PairArrivalClock.CHECKPOINTS);
            List<ThreadCpu> cpu = result.getAccumulatorResult(PairArrivalClock.THREAD_CPU);
            return new Result(pairsPerSecond, checkpoints == null ? 0 : checkpoints, result.getNetRuntime() / 1000.0,
                    cpu.get(0), cpu.get(cpu.size() - 1));
        }
    }

    /** The job {@code train} with the clock between the decoded pairs and the trainer. */
    static void build(StreamExecutionEnvironment env, Config config, KafkaSettings kafka, OffsetsInitializer stopping,
            TrainingSettings settings, long[] marks) {
        DataStream<PositivePair> timed = TrainJob.pairsFromKafka(env, config, kafka, stopping)
                .map(new PairArrivalClock(marks)).returns(AvroTypes.of(PositivePair.class))
                .name("arrival-clock").uid("arrival-clock");
        TrainJob.train(timed, settings, config, kafka);
    }

    private static void produce(KafkaSettings kafka, RandomPairs pairs, long count) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer())) {
            send(producer, kafka.topics().pairs(), pairs, 0, count);
        }
    }

    /** Sends pairs {@code from} (inclusive) to {@code to} (exclusive) of {@code pairs} to {@code topic} as records. */
    static void send(KafkaProducer<byte[], byte[]> producer, String topic, RandomPairs pairs, long from, long to) {
        for (long i = from; i < to; i++) {
            TrainingPair pair = pairs.get(i);
            PositivePair record = PositivePair.newBuilder().setVideoId(pair.videoId()).setClipIndex((int) i)
                    .setQuery(ClipRecords.toClipData(pair.query())).setKey(ClipRecords.toClipData(pair.key()))
                    .setKeyView(KeyViewInfo.newBuilder().build()).setEventTimeMs(0).build();
            producer.send(new ProducerRecord<>(topic, Codecs.positivePair().encode(record)));
        }
    }
}
