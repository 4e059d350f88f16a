package io.s2vc.eval;

import io.s2vc.video.SyntheticDataset;
import io.s2vc.video.Split;
import io.s2vc.video.VideoEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The motion oracle: retrieval with motion features that need no learning, a sanity check of a data set.
 * If the oracle retrieves the class well, the classes can be told apart by their motion; an encoder that
 * does not is failing to learn motion, not facing an impossible task.
 *
 * <p>Two oracles: from frame differences ({@link MotionFeatures} of the evaluation clips, any data set), and,
 * on the synthetic set, from the objects' true trajectories (the generator's {@code s2vc-trajectories.csv}:
 * the mean and mean magnitude of each frame-to-frame change of position, log-scale and angle). Each
 * dimension is standardised by the gallery's spread before the retrieval protocol of {@link Retrieval}.
 */
public final class MotionOracle {
    /** Name of the frame-difference oracle. */
    public static final String FRAME_DIFFERENCES = "frame differences";
    /** Name of the trajectory oracle. */
    public static final String TRAJECTORIES = "object trajectories";

    /** The retrieval of one oracle: its name and, per test query, the rank of the first same-class video. */
    public record Result(String name, int[] ranks) {
        public Map<Integer, Double> recall() {
            return Retrieval.recallAtK(ranks);
        }
    }

    private MotionOracle() {
    }

    /** Every oracle the data set allows: frame differences always, trajectories on the synthetic set. */
    public static List<Result> all(EvalData data, Consumer<String> progress) throws IOException {
        List<Result> results = new ArrayList<>();
        trajectories(data).ifPresent(results::add);
        results.add(frameDifferences(data, progress));
        return results;
    }

    /** Retrieval with the frame-difference descriptor of each video (the mean over its evaluation clips). */
    public static Result frameDifferences(EvalData data, Consumer<String> progress) throws IOException {
        Features train = clipFeatures(data, Split.TRAIN, progress);
        Features test = clipFeatures(data, Split.TEST, progress);
        return new Result(FRAME_DIFFERENCES, ranks(train, test));
    }

    /** Retrieval with the true trajectories, when the data set has them. */
    public static Optional<Result> trajectories(EvalData data) throws IOException {
        Path file = data.root().resolve(SyntheticDataset.TRAJECTORY_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, List<double[]>> poses = readPoses(file);
        Features train = trajectoryFeatures(data.entries(Split.TRAIN), poses, file);
        Features test = trajectoryFeatures(data.entries(Split.TEST), poses, file);
        return Optional.of(new Result(TRAJECTORIES, ranks(train, test)));
    }

    private record Features(float[][] rows, int[] labels) {
    }

    private static Features clipFeatures(EvalData data, Split split, Consumer<String> progress) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (EvalVideo video : data.videos(split, progress)) {
            float[] mean = new float[MotionFeatures.SIZE];
            for (var clip : video.clips()) {
                float[] f = MotionFeatures.of(clip);
                for (int i = 0; i < f.length; i++) {
                    mean[i] += f[i] / video.clips().size();
                }
            }
            rows.add(mean);
            labels.add(video.label());
        }
        return new Features(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Features trajectoryFeatures(List<VideoEntry> entries, Map<String, List<double[]>> poses, Path file)
            throws IOException {
        float[][] rows = new float[entries.size()][];
        int[] labels = new int[entries.size()];
        for (int v = 0; v < entries.size(); v++) {
            List<double[]> path = poses.get(entries.get(v).relativePath());
            if (path == null || path.size() < 2) {
                throw new IOException(file + " has no trajectory for " + entries.get(v).relativePath());
            }
            // per frame: x, y, log scale, angle; the feature is the mean change and the mean size of the change
            float[] row = new float[8];
            for (int t = 1; t < path.size(); t++) {
                for (int i = 0; i < 4; i++) {
                    double change = path.get(t)[i] - path.get(t - 1)[i];
                    row[i] += (float) (change / (path.size() - 1));
                    row[4 + i] += (float) (Math.abs(change) / (path.size() - 1));
                }
            }
            rows[v] = row;
            labels[v] = entries.get(v).label();
        }
        return new Features(rows, labels);
    }

    /** relative path → per frame {cx, cy, ln scale, angle}, in frame order. */
    private static Map<String, List<double[]>> readPoses(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = List.of(lines.get(0).split(","));
        int[] columns = {header.indexOf("relative_path"), header.indexOf("cx"), header.indexOf("cy"),
            header.indexOf("scale"), header.indexOf("angle")};
        for (int c : columns) {
            if (c < 0) {
                throw new IOException(file + " lacks one of the columns relative_path, cx, cy, scale, angle");
            }
        }
        Map<String, List<double[]>> poses = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            poses.computeIfAbsent(cells[columns[0]], k -> new ArrayList<>()).add(new double[] {
                Double.parseDouble(cells[columns[1]]), Double.parseDouble(cells[columns[2]]),
                Math.log(Double.parseDouble(cells[columns[3]])), Double.parseDouble(cells[columns[4]])});
        }
        return poses;
    }

    /** Standardises each dimension by the gallery's mean and spread, then ranks as {@link Retrieval} does. */
    private static int[] ranks(Features gallery, Features queries) {
        int dims = gallery.rows()[0].length;
        double[] mean = new double[dims];
        double[] sd = new double[dims];
        for (float[] row : gallery.rows()) {
            for (int d = 0; d < dims; d++) {
                mean[d] += row[d] / (double) gallery.rows().length;
            }
        }
        for (float[] row : gallery.rows()) {
            for (int d = 0; d < dims; d++) {
                sd[d] += (row[d] - mean[d]) * (row[d] - mean[d]) / gallery.rows().length;
            }
        }
        for (int d = 0; d < dims; d++) {
            sd[d] = Math.sqrt(sd[d]) + 1e-12;
        }
        return Retrieval.firstHitRanks(standardised(gallery.rows(), mean, sd), gallery.labels(),
                standardised(queries.rows(), mean, sd), queries.labels());
    }

    private static float[][] standardised(float[][] rows, double[] mean, double[] sd) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new float[rows[i].length];
            for (int d = 0; d < rows[i].length; d++) {
                out[i][d] = (float) ((rows[i][d] - mean[d]) / sd[d]);
            }
        }
        return out;
    }
}
