package io.s2vc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s2vc.augment.ViewAugmenter;
import io.s2vc.config.Config;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.testing.TinyDataset;
import io.s2vc.train.TinyTraining;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed-seed scene-bias experiment on the tiny synthetic set must give the results recorded in
 * {@value #GOLDEN} byte for byte: every loss, R@1, rank, suppressed share and oracle. Refactorings may move code,
 * never change what it computes. Left out: timings (also the
 * feature throughput among the metrics), the command line, the data path and the settings digest (a hash
 * of the configuration's text, which names no result). Rewrite the file only for an intended change of results:
 * {@code mvn test -Dtest=SceneBiasGoldenTest -Ds2vc.golden.write=true}.
 */
class SceneBiasGoldenTest {
    static final String GOLDEN = "golden/scene-bias-tiny.json";
    private static final List<String> NOT_RESULTS = List.of("command", "data", "keyViewSeconds", "elapsedSeconds",
            "settingsFingerprint");
    /** The evaluator's feature throughput, a timing among the metrics. */
    private static final String SPEED = "features.clips_per_s";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir
    Path dir;

    @Test
    void aFixedSeedExperimentReproducesTheRecordedResultsByteForByte() throws Exception {
        Path data = TinyDataset.generate(dir.resolve("data"));
        List<String> overrides = new ArrayList<>(TinyTraining.overrides());
        overrides.addAll(List.of("ingest.height=24", "ingest.width=32", "eval.size=16", "eval.clips_per_video=2",
                "eval.linear_epochs=5", "eval.linear_milestone_epochs=", "experiment.seeds=1", "experiment.budget=3",
                "experiment.eval_every=0", "experiment.methods=none,zero,tfd", "experiment.alphas=0.3",
                "suppress.batch_size=5", "train.max_steps=1", "experiment.supervised_steps=3", "seed=5"));
        Config config = Config.load("cpu-tiny", overrides);
        Path out = dir.resolve("out");
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel flow = FlowModel.create(FlowSpec.cpuTiny32(), FlowInit.randomEverywhere(7, FlowInit.ADVFLOW_SIGMA),
                    manager);
            ViewAugmenter augmenter = ViewAugmenter.builder().setOutputSize(TinyTraining.SIZE).optSeed(3).build();
            try (StaticCueSuppressor suppressor = StaticCueSuppressor.builder().setFlow(flow).optSeed(9).build()) {
                new SceneBiasExperiment(config, ExperimentSettings.from(config), data, out, augmenter, suppressor,
                        "golden", line -> { }).run();
            }
        }
        String actual = resultsOnly(Files.readString(out.resolve(ExperimentReport.JSON)));
        if (Boolean.getBoolean("s2vc.golden.write")) {
            Path file = Path.of("src/test/resources", GOLDEN);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        assertEquals(golden(), actual, "the experiment's results changed; see this test's comment");
    }

    private static String resultsOnly(String experimentJson) throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(experimentJson);
        NOT_RESULTS.forEach(tree::remove);
        for (JsonNode run : tree.withArray("runs")) {
            ((ObjectNode) run).remove("trainSeconds");
            for (JsonNode point : run.withArray("curve")) {
                ((ObjectNode) point.get("metrics")).remove(SPEED);
            }
        }
        if (tree.get("supervised") instanceof ObjectNode supervised) {
            supervised.remove("minutes");
        }
        return MAPPER.writeValueAsString(tree) + "\n";
    }

    private static String golden() throws Exception {
        try (InputStream in = SceneBiasGoldenTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            return in == null ? "(no golden file " + GOLDEN + ")" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
