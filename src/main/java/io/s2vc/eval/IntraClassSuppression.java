package io.s2vc.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.s2vc.nd.ClipTensors;
import io.s2vc.suppress.IntraClassSimilarity;
import io.s2vc.suppress.StaticCueSuppressor;
import io.s2vc.suppress.SuppressedLatents;
import io.s2vc.suppress.SuppressionSeeds;
import io.s2vc.video.Clip;
import io.s2vc.video.VideoEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's Fig. 4: per class, how alike its videos are in the flow's latent space before suppression (Z) and
 * after (Z_p), as the mean pairwise cosine similarity of each video's temporal-mean latent (and, besides, of its
 * per-frame latents). Static cues (a class's typical scenes) make Z alike within a class; suppression should lower
 * that.
 */
public final class IntraClassSuppression {
    /** The CSV's header, one row per class follows ({@link ClassRow#csv()}). */
    public static final String CSV_HEADER =
            "class,label,videos,cosine_z,cosine_zp,suppressed_fraction,cosine_z_frames,cosine_zp_frames\n";

    /** Decodes the clip a video is measured on. */
    @FunctionalInterface
    public interface ClipReader {
        Clip read(VideoEntry video) throws IOException;
    }

    /**
     * One class's figures.
     *
     * @param videos videos measured (those of fewer than 2 frames are skipped)
     * @param suppressedFraction mean share of latents suppressed per video
     */
    public record ClassRow(String className, int label, int videos, double cosineZ, double cosineZp,
            double suppressedFraction, double cosineZFrames, double cosineZpFrames) {
        public String csv() {
            return String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f%n", csvField(className), label, videos,
                    cosineZ, cosineZp, suppressedFraction, cosineZFrames, cosineZpFrames);
        }
    }

    private IntraClassSuppression() {
    }

    /** Up to {@code perClass} videos of each class, for at most {@code maxClasses} classes spread over the labels. */
    public static Map<Integer, List<VideoEntry>> select(List<VideoEntry> videos, int perClass, int maxClasses) {
        Map<Integer, List<VideoEntry>> byLabel = new LinkedHashMap<>();
        for (VideoEntry entry : videos) {
            List<VideoEntry> list = byLabel.computeIfAbsent(entry.label(), k -> new ArrayList<>());
            if (list.size() < perClass) {
                list.add(entry);
            }
        }
        Map<Integer, List<VideoEntry>> chosen = new LinkedHashMap<>();
        for (int label : spread(new ArrayList<>(byLabel.keySet()), maxClasses)) {
            chosen.put(label, byLabel.get(label));
        }
        return chosen;
    }

    /** The figures of every class of {@code selected}, with each video suppressed by {@code suppressor}. */
    public static List<ClassRow> measure(Map<Integer, List<VideoEntry>> selected, ClipReader reader,
            StaticCueSuppressor suppressor, NDManager manager) throws IOException {
        List<ClassRow> rows = new ArrayList<>();
        for (Map.Entry<Integer, List<VideoEntry>> byClass : selected.entrySet()) {
            List<float[]> z = new ArrayList<>();
            List<float[]> zp = new ArrayList<>();
            List<float[][]> zFrames = new ArrayList<>();
            List<float[][]> zpFrames = new ArrayList<>();
            double suppressed = 0;
            for (VideoEntry entry : byClass.getValue()) {
                Clip clip = reader.read(entry);
                if (clip.frames() < 2) {
                    continue;
                }
                try (NDManager call = manager.newSubManager()) {
                    NDArray tensor = ClipTensors.toTensor(List.of(clip), call);
                    try (SuppressedLatents latents = suppressor.latents(tensor,
                            new long[] {SuppressionSeeds.forClip(entry.relativePath(), 0)})) {
                        z.add(latents.latents().mean(new int[] {1}).toFloatArray());
                        zp.add(latents.suppressed().mean(new int[] {1}).toFloatArray());
                        zFrames.add(perFrame(latents.latents()));
                        zpFrames.add(perFrame(latents.suppressed()));
                        suppressed += latents.suppressedFractions()[0];
                    }
                }
            }
            rows.add(new ClassRow(byClass.getValue().get(0).className(), byClass.getKey(), z.size(),
                    IntraClassSimilarity.meanPairwiseCosine(z), IntraClassSimilarity.meanPairwiseCosine(zp),
                    z.isEmpty() ? Double.NaN : suppressed / z.size(), IntraClassSimilarity.meanPairwiseFrameCosine(zFrames),
                    IntraClassSimilarity.meanPairwiseFrameCosine(zpFrames)));
        }
        return rows;
    }

    /** The CSV of {@code rows}, header first. */
    public static String csv(List<ClassRow> rows) {
        StringBuilder csv = new StringBuilder(CSV_HEADER);
        rows.forEach(row -> csv.append(row.csv()));
        return csv.toString();
    }

    /** The (1, T, D) latents of one clip as T vectors. */
    private static float[][] perFrame(NDArray latents) {
        int frameCount = (int) latents.getShape().get(1);
        float[] values = latents.toFloatArray();
        int dimensions = values.length / frameCount;
        float[][] frameVectors = new float[frameCount][];
        for (int t = 0; t < frameCount; t++) {
            frameVectors[t] = Arrays.copyOfRange(values, t * dimensions, (t + 1) * dimensions);
        }
        return frameVectors;
    }

    /** At most {@code count} of {@code labels}, evenly spread over the list. */
    private static List<Integer> spread(List<Integer> labels, int count) {
        if (labels.size() <= count) {
            return labels;
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chosen.add(labels.get((int) ((long) i * labels.size() / count)));
        }
        return chosen;
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
