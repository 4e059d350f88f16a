package io.s2vc.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.video.Clip;
import io.s2vc.video.Split;
import io.s2vc.video.VideoEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fig. 4's analysis without a command line: which videos it takes, and what suppression does to the similarity. */
class IntraClassSuppressionTest {
    private static VideoEntry video(int label, int index) {
        String name = "c" + label + "/v" + index + ".avi";
        return new VideoEntry(Path.of(name), name, "class " + label, label, Split.TEST);
    }

    @Test
    void takesUpToPerClassVideosOfClassesSpreadOverTheLabels() {
        List<VideoEntry> videos = new ArrayList<>();
        for (int label = 0; label < 6; label++) {
            for (int i = 0; i < 4; i++) {
                videos.add(video(label, i));
            }
        }
        Map<Integer, List<VideoEntry>> chosen = IntraClassSuppression.select(videos, 2, 3);
        assertEquals(List.of(0, 2, 4), List.copyOf(chosen.keySet()));
        assertEquals(List.of(video(2, 0), video(2, 1)), chosen.get(2));
    }

    @Test
    void videosOfOneStaticSceneAreAlikeAndSuppressionMakesThemLessSo() throws Exception {
        // Two "videos" per class: the same random scene with a small moving dot, so Z is dominated by the scene.
        Random random = new Random(3);
        byte[] scene = new byte[32 * 32 * 3];
        random.nextBytes(scene);
        Map<Integer, List<VideoEntry>> selected = Map.of(0, List.of(video(0, 0), video(0, 1)));
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel flow = FlowModel.create(FlowSpec.cpuTiny32(), FlowInit.randomEverywhere(7, FlowInit.ADVFLOW_SIGMA),
                    manager);
            try (StaticCueSuppressor suppressor = StaticCueSuppressor.builder().setFlow(flow).optAlpha(0.5).build()) {
                List<IntraClassSuppression.ClassRow> rows = IntraClassSuppression.measure(selected, entry -> {
                    int frames = 8;
                    byte[] rgb = new byte[frames * scene.length];
                    for (int t = 0; t < frames; t++) {
                        System.arraycopy(scene, 0, rgb, t * scene.length, scene.length);
                        int x = (t * 3 + entry.relativePath().length()) % 32;
                        rgb[t * scene.length + (16 * 32 + x) * 3] = (byte) 255;
                    }
                    return new Clip(frames, 32, 32, rgb);
                }, suppressor, manager);
                IntraClassSuppression.ClassRow row = rows.get(0);
                assertEquals(2, row.videos());
                assertTrue(row.cosineZ() > 0.99, "one scene: " + row);
                assertTrue(row.cosineZp() < row.cosineZ(), "static latents zeroed: " + row);
                assertTrue(row.suppressedFraction() > 0.5, row.toString());
                assertTrue(IntraClassSuppression.csv(rows).startsWith(IntraClassSuppression.CSV_HEADER + "class 0,0,2,"));
            }
        }
    }
}
