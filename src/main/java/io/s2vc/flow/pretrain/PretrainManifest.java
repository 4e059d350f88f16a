package io.s2vc.flow.pretrain;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.SavedFlow;
import io.s2vc.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@value SavedFlow#MANIFEST} of a pre-training run: what was trained, how, how far, and which
 * checkpoint folder holds the state to resume from. It is replaced atomically after every
 * checkpoint, so it always names a complete one. Its {@code architecture} lets any command load
 * {@code flow.npz} without being told the architecture.
 *
 * @param format {@value #FORMAT}
 * @param architecture the flow's architecture
 * @param weights the latest weights, relative to the run folder
 * @param checkpoint the checkpoint folder to resume from, relative to the run folder
 * @param step steps done
 * @param totalSteps steps the schedule spans
 * @param settings the run's settings
 * @param source the training frames' source
 * @param sourcePosition {@link FrameSource#position} after the last step
 * @param heldOutSource where the held-out frames came from
 * @param seconds training time so far
 * @param window the training loss accumulated since the last history point
 * @param history the training curve
 */
public record PretrainManifest(
        String format,
        FlowSpec architecture,
        String weights,
        String checkpoint,
        long step,
        long totalSteps,
        PretrainSettings settings,
        String source,
        String sourcePosition,
        String heldOutSource,
        double seconds,
        LossWindow window,
        List<HistoryPoint> history) {

    public static final String FORMAT = "s2vc-flow-pretrain/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public PretrainManifest {
        history = List.copyOf(history);
    }

    /** Sums of the training loss and bits/dim over the steps since the last history point. */
    public record LossWindow(double lossSum, double bitsSum, long steps) {
        public static final LossWindow EMPTY = new LossWindow(0, 0, 0);

        public LossWindow plus(double loss, double bits) {
            return new LossWindow(lossSum + loss, bitsSum + bits, steps + 1);
        }
    }

    /** The last held-out bits/dim, or NaN before the first evaluation. */
    public double lastHeldOutBitsPerDim() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).heldOutBitsPerDim();
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(this) + "\n");
    }

    public static PretrainManifest read(Path file) throws IOException {
        try {
            PretrainManifest manifest = JSON.readValue(file.toFile(), PretrainManifest.class);
            if (!FORMAT.equals(manifest.format())) {
                throw new IllegalArgumentException(file + " is not a pre-training manifest of format " + FORMAT
                        + " (format '" + manifest.format() + "')");
            }
            return manifest;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unreadable " + file + ": " + e.getOriginalMessage(), e);
        }
    }
}
