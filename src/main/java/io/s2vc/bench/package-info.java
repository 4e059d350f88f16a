/**
 * The {@code s2vc bench} benchmarks: each case timed with its CPU time, the host's stolen share and the engine's
 * matmul peak, printed as JSON lines ({@link io.s2vc.bench.Measurement}); plain PyTorch timed beside it where
 * asked. Method and results: docs/benchmarks.md.
 */
package io.s2vc.bench;
