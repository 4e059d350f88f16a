/**
 * A Flink operator that gathers records into micro-batches (size or time bound) for one batched call, such as the
 * flow's; it flushes before every checkpoint barrier, so it holds no state.
 */
package io.s2vc.stream.batch;
