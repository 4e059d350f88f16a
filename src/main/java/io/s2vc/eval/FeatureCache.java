package io.s2vc.eval;

import io.s2vc.util.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Features of a checkpoint on a data set, on disk by key (model SHA-256 + data fingerprint). */
final class FeatureCache {
    private static final String MAGIC = "S2VC-EVAL-FEATURES/1";

    record Pair(VideoFeatures train, VideoFeatures test) {
    }

    private final Path dir;

    FeatureCache(Path dir) {
        this.dir = dir;
    }

    /** The cached features, or null when there are none (or they are unreadable: then they are recomputed). */
    Pair read(String key) {
        Path file = dir.resolve(key + ".bin");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) {
                return null;
            }
            return new Pair(readFeatures(in), readFeatures(in));
        } catch (IOException e) {
            return null;
        }
    }

    void write(String key, Pair pair) throws IOException {
        AtomicFiles.write(dir.resolve(key + ".bin"), raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeUTF(MAGIC);
            writeFeatures(out, pair.train());
            writeFeatures(out, pair.test());
            out.flush();
        });
    }

    private static void writeFeatures(DataOutputStream out, VideoFeatures f) throws IOException {
        out.writeInt(f.labels().length);
        out.writeInt(f.natural().length == 0 ? 0 : f.natural()[0].length);
        out.writeBoolean(f.shuffled() != null);
        for (int i = 0; i < f.labels().length; i++) {
            out.writeInt(f.labels()[i]);
            out.writeInt(f.backgrounds()[i]);
            writeRow(out, f.natural()[i]);
            if (f.shuffled() != null) {
                writeRow(out, f.shuffled()[i]);
            }
        }
    }

    private static void writeRow(DataOutputStream out, float[] row) throws IOException {
        for (float v : row) {
            out.writeFloat(v);
        }
    }

    private static VideoFeatures readFeatures(DataInputStream in) throws IOException {
        int n = in.readInt();
        int dim = in.readInt();
        boolean hasShuffled = in.readBoolean();
        float[][] natural = new float[n][];
        float[][] shuffled = hasShuffled ? new float[n][] : null;
        int[] labels = new int[n];
        int[] backgrounds = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = in.readInt();
            backgrounds[i] = in.readInt();
            natural[i] = readRow(in, dim);
            if (hasShuffled) {
                shuffled[i] = readRow(in, dim);
            }
        }
        return new VideoFeatures(natural, shuffled, labels, backgrounds);
    }

    private static float[] readRow(DataInputStream in, int dim) throws IOException {
        float[] row = new float[dim];
        for (int d = 0; d < dim; d++) {
            row[d] = in.readFloat();
        }
        return row;
    }
}
