package io.s2vc.flow.pretrain;

import io.s2vc.plot.LinePlot;
import io.s2vc.util.AtomicFiles;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** The training curve of a run as {@value PretrainFolder#LOSS_PLOT} and {@value PretrainFolder#HISTORY}. */
final class PretrainReport {
    private PretrainReport() {
    }

    static void write(PretrainFolder folder, PretrainManifest manifest) throws IOException {
        List<HistoryPoint> history = manifest.history();
        double[] steps = new double[history.size()];
        double[] train = new double[history.size()];
        double[] heldOut = new double[history.size()];
        StringBuilder csv = new StringBuilder("step,learning_rate,train_loss_nats,train_bits_per_dim,"
                + "held_out_bits_per_dim,seconds\n");
        for (int i = 0; i < history.size(); i++) {
            HistoryPoint p = history.get(i);
            steps[i] = p.step();
            train[i] = p.trainBitsPerDim() == null ? Double.NaN : p.trainBitsPerDim();
            heldOut[i] = p.heldOutBitsPerDim();
            csv.append(String.format(Locale.ROOT, "%d,%.6g,%s,%s,%.6f,%.1f%n", p.step(), p.learningRate(),
                    p.trainLoss() == null ? "" : String.format(Locale.ROOT, "%.6g", p.trainLoss()),
                    p.trainBitsPerDim() == null ? "" : String.format(Locale.ROOT, "%.6f", p.trainBitsPerDim()),
                    p.heldOutBitsPerDim(), p.seconds()));
        }
        AtomicFiles.writeString(folder.root().resolve(PretrainFolder.HISTORY), csv.toString());
        LinePlot.builder()
                .optTitle("flow pre-training, " + manifest.architecture().name())
                .optXLabel("step")
                .optYLabel("NLL (bits/dim)")
                .addSeries("train (noisy, flipped)", steps, train)
                .addSeries("held-out", steps, heldOut)
                .build()
                .writePng(folder.root().resolve(PretrainFolder.LOSS_PLOT));
    }
}
