package io.s2vc.flow.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.SavedFlow;
import io.s2vc.testing.TinyDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pre-training on real (tiny) videos: the likelihood improves, and a resumed run is the uninterrupted run. */
class FlowPretrainerTest {
    /** Every block type, at 8×8 so that a step takes milliseconds. */
    static final FlowSpec SPEC = new FlowSpec("test-8x8", 3, 8, 8, 1, 1, 1, 16, 32, 48);

    @TempDir
    static Path shared;
    static PretrainVideos videos;

    @BeforeAll
    static void generateVideos() throws IOException {
        videos = PretrainVideos.of(TinyDataset.generate(shared.resolve("data")));
    }

    static PretrainSettings.Builder settings() {
        return PretrainSettings.builder().optSeed(5).optBatchSize(16).optLearningRate(3e-3).optEpochs(4, 10)
                .optWarmup(1, 0.02).optPool(256, 1).optHeldOutFrames(64).optEvaluateEvery(10).optCheckpointEvery(10);
    }

    static FlowPretrainer.Builder pretrainer(FlowModel model, PretrainSettings settings, Path out) {
        return FlowPretrainer.builder().setModel(model).setSettings(settings).setOutput(out)
                .setSource(source(videos.training())).setHeldOutSource(source(videos.heldOut()));
    }

    static VideoFrameSource source(List<Path> files) {
        return VideoFrameSource.builder().setVideos(files).setFrameSize(SPEC.height(), SPEC.width()).optSeed(5)
                .optFramesPerVideo(4).build();
    }

    /**
     * The tiny set's test split is two videos whose backgrounds the four training videos never show, too
     * few to measure generalisation: the scored frames are another draw from the training videos here.
     */
    @Test
    void bitsPerDimFallInAShortRun(@TempDir Path out) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel model = FlowModel.create(SPEC, FlowInit.advflow(1), manager);
            VideoFrameSource otherDraw = VideoFrameSource.builder().setVideos(videos.training())
                    .setFrameSize(SPEC.height(), SPEC.width()).optSeed(77).optFramesPerVideo(4).build();
            PretrainManifest manifest = pretrainer(model, settings().build(), out).setHeldOutSource(otherDraw)
                    .build().run();
            List<HistoryPoint> history = manifest.history();
            // One warm-up epoch and four more, 10 steps each, evaluated every 10 steps and at the start.
            assertEquals(List.of(0L, 10L, 20L, 30L, 40L, 50L), history.stream().map(HistoryPoint::step).toList());
            double first = history.get(0).heldOutBitsPerDim();
            double last = manifest.lastHeldOutBitsPerDim();
            assertTrue(last < first - 0.5, "scored bits/dim " + first + " -> " + last);
            HistoryPoint end = history.get(history.size() - 1);
            assertTrue(end.trainBitsPerDim() < history.get(1).trainBitsPerDim(), "training bits/dim fall too");
            assertEquals(50, manifest.step());
            for (String file : List.of("flow.npz", "manifest.json", "loss.png", "history.csv")) {
                assertTrue(Files.isRegularFile(out.resolve(file)), file);
            }
            assertTrue(Files.isDirectory(out.resolve(PretrainFolder.checkpointName(50))));
            assertEquals(SPEC, SavedFlow.architectureOf(out.resolve("flow.npz"), null), "the manifest tells the architecture");
        }
    }

    @Test
    void aResumedRunEndsWhereTheUninterruptedRunEnds(@TempDir Path dir) throws Exception {
        PretrainSettings settings = settings().optEpochs(2, 6).optCheckpointEvery(4).optEvaluateEvery(6).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel straight = FlowModel.create(SPEC, FlowInit.advflow(1), manager);
            PretrainManifest uninterrupted = pretrainer(straight, settings, dir.resolve("straight")).build().run();

            FlowModel first = FlowModel.create(SPEC, FlowInit.advflow(1), manager);
            PretrainManifest stopped = pretrainer(first, settings, dir.resolve("resumed")).build().run(7);
            assertEquals(7, stopped.step());
            // A new process: other initial weights, which the checkpoint replaces.
            FlowModel resumed = FlowModel.create(SPEC, FlowInit.advflow(99), manager);
            PretrainManifest finished = pretrainer(resumed, settings, dir.resolve("resumed"))
                    .optResumeMode(ResumeMode.REQUIRE).build().run();

            assertEquals(uninterrupted.step(), finished.step());
            Map<String, Parameter> expected = straight.stateDict();
            for (Map.Entry<String, Parameter> entry : resumed.stateDict().entrySet()) {
                NDArray a = expected.get(entry.getKey()).getArray();
                NDArray b = entry.getValue().getArray();
                float difference = a.sub(b).abs().max().getFloat();
                assertTrue(difference <= 1e-6, entry.getKey() + " differs by " + difference);
            }
            assertEquals(uninterrupted.lastHeldOutBitsPerDim(), finished.lastHeldOutBitsPerDim(), 1e-9);
            assertEquals(uninterrupted.history().size(), finished.history().size());
            assertEquals(uninterrupted.sourcePosition(), finished.sourcePosition());
        }
    }

    @Test
    void resumingWithOtherSettingsIsRefused(@TempDir Path out) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel model = FlowModel.create(SPEC, FlowInit.advflow(1), manager);
            pretrainer(model, settings().build(), out).build().run(2);
            PretrainSettings other = settings().optLearningRate(1e-2).build();
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> pretrainer(model, other, out).build().run());
            assertTrue(refused.getMessage().contains("schedule.learningRate: 0.003 → 0.01"), refused.getMessage());
        }
    }
}
