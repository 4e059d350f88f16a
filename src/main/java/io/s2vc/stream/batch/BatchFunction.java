package io.s2vc.stream.batch;

import io.s2vc.avro.DeadLetter;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;

/**
 * Work done on a micro-batch at once (a tensor operator feeding a GPU), run by
 * {@link MicroBatchOperator}. Each input yields one output or one dead letter.
 */
public interface BatchFunction<IN, OUT> extends Serializable {

    /** Where a batch's results go. */
    interface BatchOutput<OUT> {
        void emit(OUT value);

        void deadLetter(DeadLetter letter);
    }

    /** Called once per parallel instance before the first batch (load models here). */
    default void open(MetricGroup metrics) throws Exception {
    }

    void process(List<IN> batch, BatchOutput<OUT> out) throws Exception;

    default void close() throws Exception {
    }
}
