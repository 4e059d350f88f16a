package io.s2vc.bench;

import io.s2vc.avro.PositivePair;
import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * A pass-through right in front of the trainer, chained to it in the same task, that notes
 * {@link System#nanoTime()} when the record of each marked index arrives. Chained operators take one
 * record at a time on one thread, so the first pair of a batch arrives when the trainer has finished
 * the step before it: the time between two marks is what the job spends on the batches in between
 * (Kafka fetch, Avro decode, training steps, Flink checkpoints), without its start-up, the model build,
 * the final model checkpoint and the teardown. Also counts the Flink checkpoints taken between the
 * first and the last mark, and the process's CPU time by kind of thread ({@link ThreadCpu}) at those two
 * marks. All come back as accumulators of the job's result.
 */
final class PairArrivalClock extends RichMapFunction<PositivePair, PositivePair> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    /** Accumulator: the nanoTime of each mark's arrival, in order. */
    static final String ARRIVALS = "bench-arrival-nanos";
    /** Accumulator: Flink checkpoints taken while the clock was between its first and last mark. */
    static final String CHECKPOINTS = "bench-checkpoints-while-timed";
    /** Accumulator: the process's CPU time by kind of thread at the first and at the last mark. */
    static final String THREAD_CPU = "bench-thread-cpu-at-first-and-last-mark";

    private final long[] marks;
    private transient ListAccumulator<Long> arrivals;
    private transient IntCounter checkpoints;
    private transient ListAccumulator<ThreadCpu> threadCpu;
    private transient long seen;
    private transient int nextMark;

    /** @param marks record indices (from 0, in the order the records arrive), ascending */
    PairArrivalClock(long[] marks) {
        for (int i = 1; i < marks.length; i++) {
            if (marks[i] <= marks[i - 1]) {
                throw new IllegalArgumentException("marks must ascend");
            }
        }
        this.marks = marks.clone();
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        arrivals = new ListAccumulator<>();
        checkpoints = new IntCounter();
        getRuntimeContext().addAccumulator(ARRIVALS, arrivals);
        getRuntimeContext().addAccumulator(CHECKPOINTS, checkpoints);
        threadCpu = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(THREAD_CPU, threadCpu);
    }

    @Override
    public PositivePair map(PositivePair pair) {
        if (nextMark < marks.length && seen == marks[nextMark]) {
            arrivals.add(System.nanoTime());
            if (nextMark == 0 || nextMark == marks.length - 1) {
                threadCpu.add(ThreadCpu.now());
            }
            nextMark++;
        }
        seen++;
        return pair;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (nextMark > 0 && nextMark < marks.length) {
            checkpoints.add(1);
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // No state: the clock times a run without failures; a restarted one would not be comparable anyway.
    }
}
