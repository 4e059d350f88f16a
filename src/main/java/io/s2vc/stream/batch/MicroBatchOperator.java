package io.s2vc.stream.batch;

import io.s2vc.avro.DeadLetter;
import io.s2vc.stream.serde.AvroTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Collects records into micro-batches of at most {@code batchSize}, waiting at most
 * {@code maxWaitMs} for a batch to fill, and hands each batch to a {@link BatchFunction}. Nothing is
 * held across a checkpoint: the buffer is flushed before every checkpoint barrier (and at the end of
 * input), so the operator needs no state and a restore loses or repeats nothing.
 */
public final class MicroBatchOperator<IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = AvroTypes.deadLetterTag();

    private final BatchFunction<IN, OUT> function;
    private final int batchSize;
    private final long maxWaitMs;
    private transient List<IN> buffer;
    private transient long oldestArrivalNanos;
    private transient boolean timerPending;
    private transient Counter records;
    private transient Counter deadLetters;
    private transient Counter batches;
    private transient volatile long lastBatchSize;
    private transient volatile long lastBatchMillis;
    private transient volatile long lastLatencyMillis;

    public MicroBatchOperator(BatchFunction<IN, OUT> function, int batchSize, long maxWaitMs) {
        if (batchSize < 1 || maxWaitMs < 0) {
            throw new IllegalArgumentException("batch size must be >= 1 and the maximum wait >= 0 ms");
        }
        this.function = function;
        this.batchSize = batchSize;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new ArrayList<>(batchSize);
        var metrics = getMetricGroup();
        records = metrics.counter("batchedRecords");
        deadLetters = metrics.counter("deadLetters");
        batches = metrics.counter("batches");
        metrics.meter("recordsPerSecond", new MeterView(records));
        metrics.gauge("lastBatchSize", () -> lastBatchSize);
        metrics.gauge("lastBatchMillis", () -> lastBatchMillis);
        metrics.gauge("latencyMillis", () -> lastLatencyMillis);
        function.open(metrics);
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        if (buffer.isEmpty()) {
            oldestArrivalNanos = System.nanoTime();
        }
        buffer.add(element.getValue());
        if (buffer.size() >= batchSize) {
            flush();
        } else if (!timerPending) {
            timerPending = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + maxWaitMs;
            getProcessingTimeService().registerTimer(due, time -> {
                timerPending = false;
                flush();
            });
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            function.close();
        } finally {
            super.close();
        }
    }

    private void flush() throws Exception {
        if (buffer == null || buffer.isEmpty()) {
            return;
        }
        List<IN> batch = buffer;
        buffer = new ArrayList<>(batchSize);
        long start = System.nanoTime();
        function.process(batch, new BatchFunction.BatchOutput<>() {
            @Override
            public void emit(OUT value) {
                output.collect(new StreamRecord<>(value));
            }

            @Override
            public void deadLetter(DeadLetter letter) {
                deadLetters.inc();
                output.collect(DEAD_LETTERS, new StreamRecord<>(letter));
            }
        });
        long end = System.nanoTime();
        batches.inc();
        records.inc(batch.size());
        lastBatchSize = batch.size();
        lastBatchMillis = (end - start) / 1_000_000;
        lastLatencyMillis = (end - oldestArrivalNanos) / 1_000_000;
    }
}
