package io.s2vc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s2vc.config.Config;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.train.TinyTraining;
import io.s2vc.train.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training benchmark's plumbing on the tiny trainer (tiny3d on 4×16×16, batch 4): standalone and
 * Flink rates from one run, their ratio, FLOPs and peak on every line, and the memory trace.
 */
class TrainBenchmarkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void measuresBothLoopsSideBySideAndTheMemoryOfALongRun() throws Exception {
        TrainBenchmark.Case tiny = new TrainBenchmark.Case("tiny", "cpu-tiny", 4, 4, 8, TinyTraining.overrides());
        List<JsonNode> lines = new ArrayList<>();
        // A short Flink checkpoint interval: the end of a bounded job waits for one.
        new TrainBenchmark(Device.cpu(), List.of(tiny), 2, new TrainBenchmark.LongRun(tiny, 6), dir,
                List.of("flink.checkpoint_interval_ms=300"), false).run(m -> lines.add(parse(m.toJson())));

        assertEquals(List.of("engine.matmul_fp32_gflops", "train.rss_growth", "train.pairs_per_s",
                        "train_job.pairs_per_s", "train_job.cpu_split", "train_job.ratio_to_standalone"),
                lines.stream().map(l -> l.get("name").asText()).toList());
        assertTrue(lines.get(0).get("value").asDouble() > 0, lines.get(0).toString());
        double flopsPerPair = 29_016_064; // EncoderFlopsTest: tiny3d at 4x16x16, 4 forwards less block1's
        for (JsonNode rate : lines.subList(2, 4)) {
            for (String field : List.of("value", "unit", "repeats", "min", "max", "setting", "profile", "backbone",
                    "batch", "frames", "size", "queue", "device", "threads", "gflops", "peak_gflops", "gflop_per_pair")) {
                assertTrue(rate.has(field), field + " in " + rate);
            }
            assertEquals("pairs/s", rate.get("unit").asText());
            assertEquals(2, rate.get("repeats").asInt());
            assertEquals("tiny3d", rate.get("backbone").asText());
            assertEquals(4, rate.get("batch").asInt());
            assertEquals(4, rate.get("frames").asInt());
            assertEquals(16, rate.get("size").asInt());
            assertEquals(2, rate.get("steps_per_repeat").asInt());
            assertEquals("cpu", rate.get("device").asText());
            assertTrue(rate.get("min").asDouble() > 0, rate.toString());
            assertEquals(rate.get("value").asDouble() * flopsPerPair / 1e9, rate.get("gflops").asDouble(),
                    1e-3 * rate.get("gflops").asDouble(), rate.toString());
            assertTrue(rate.get("peak_gflops").asDouble() > 0, rate.toString());
            assertTrue(rate.get("cpu_s_per_pair").asDouble() > 0, rate.toString());
            assertTrue(rate.has("steal_share"), rate.toString());
        }
        JsonNode job = lines.get(3);
        assertTrue(job.get("job_seconds").asDouble() > 0, job.toString());
        assertTrue(job.has("flink_checkpoints"), job.toString());
        assertTrue(job.get("trainer_snapshot_mb").asDouble() > 0 && job.get("trainer_snapshot_s").asDouble() > 0,
                "what a checkpoint copies: " + job);
        JsonNode split = lines.get(4);
        assertEquals(job.get("cpu_s_per_pair").asDouble(), split.get("value").asDouble(), 1e-3 * split.get("value").asDouble());
        // The trainer's thread and its libtorch workers do the training; on Linux the split names them.
        assertTrue(split.get("job_by_thread").path("flink_task_and_libtorch_workers").asDouble() > 0, split.toString());
        assertTrue(split.get("standalone_by_thread").path("main_and_libtorch_workers").asDouble() > 0
                || split.get("standalone_by_thread").size() > 0, split.toString());
        JsonNode ratio = lines.get(5);
        assertEquals(job.get("value").asDouble() / lines.get(2).get("value").asDouble(),
                ratio.get("value").asDouble(), 2e-3 * ratio.get("value").asDouble(), ratio.toString());

        JsonNode memory = lines.get(1);
        assertEquals(6, memory.get("steps").asInt());
        assertEquals("MB/100 steps", memory.get("unit").asText());
        double start = memory.get("rss_start_mb").asDouble();
        double end = memory.get("rss_end_mb").asDouble();
        assertTrue(start > 50 && end > 50, "a JVM with libtorch holds more than 50 MB: " + memory);
        assertTrue(memory.get("rss_max_mb").asDouble() >= Math.max(start, end), memory.toString());
        assertTrue(Double.isFinite(memory.get("value").asDouble()), memory.toString());
        JsonNode curve = memory.get("rss_curve");
        assertTrue(curve.size() >= 2 && curve.get(0).get(0).asInt() == 0, "the sampled curve: " + memory);
        assertEquals(start, curve.get(0).get(1).asDouble(), 0.06, memory.toString());
        for (String field : List.of("direct_start_mb", "direct_end_mb", "heap_committed_start_mb",
                "heap_committed_end_mb")) {
            assertTrue(memory.get(field).asDouble() >= 0, field + " in " + memory);
        }
        assertTrue(memory.get("heap_committed_end_mb").asDouble() > 0, memory.toString());

        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the run's Kafka, Flink and checkpoint folders are deleted");
        }
    }

    /** Chained, the clock sees a pair only once the trainer is done with the one before: it times the trainer. */
    @Test
    void theClockIsChainedToTheTrainer() {
        Config config = TinyTraining.config().with("flink.parallelism", "1");
        TrainingSettings settings = TrainingSettings.from(config, dir.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        TrainJobTiming.build(env, config, new KafkaSettings("127.0.0.1:9", config), null, settings, new long[] {4, 8});
        List<String> vertices = StreamSupport.stream(env.getStreamGraph().getJobGraph().getVertices().spliterator(), false)
                .map(JobVertex::getName).toList();
        assertTrue(vertices.stream().anyMatch(v -> v.contains("arrival-clock -> train")), vertices.toString());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
