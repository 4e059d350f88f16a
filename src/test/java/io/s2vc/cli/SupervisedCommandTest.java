package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s2vc.testing.TinyDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `s2vc experiment supervised` as a user runs it: the learner fits a small labelled set from augmented crops. */
class SupervisedCommandTest {
    @TempDir
    Path dir;

    @Test
    void theEncoderFitsItsTrainingSetAndTheRunIsReported() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        Path work = dir.resolve("work");
        CommandLineTest.Outcome outcome = CommandLineTest.run("experiment", "supervised", "--work", work.toString(),
                "--data", data.toString(), "--steps", "60", "--lr", "1e-3", "--set", "eval.clips_per_video=2", "--set", "train.batch_size=4",
                "--set", "flink.web_ui_port=0");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().matches("(?s)supervised tiny3d: train top-1 1\\.000, test top-1 \\d\\.\\d{3} \\(chance 0\\.500\\) "
                + "after 60 steps in .*supervised\\.json\n"), outcome.out());
        JsonNode json = new ObjectMapper().readTree(work.resolve("experiments/supervised/supervised.json").toFile());
        JsonNode result = json.get("result");
        assertEquals(1.0, result.get("trainTop1").asDouble());
        assertEquals(0, result.get("skippedSteps").asInt());
        assertEquals(60, result.get("steps").asInt());
        assertEquals(0.001, result.get("learningRate").asDouble(), 1e-12);
        assertEquals(4, result.get("batchSize").asInt());
    }
}
