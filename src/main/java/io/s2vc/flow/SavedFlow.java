package io.s2vc.flow;

import io.s2vc.io.Npz;
import io.s2vc.io.Npy;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A flow saved as an {@code .npz} of weights ({@link FlowWeights}), and how to tell its architecture:
 * named explicitly, else from the {@value #MANIFEST} that pre-training writes beside the weights (its
 * {@code architecture} object is a {@link FlowSpec}), else the built-in architecture whose keys and
 * shapes the archive matches exactly.
 */
public final class SavedFlow {
    /** Written by {@code flow-pretrain} beside {@code flow.npz}. */
    public static final String MANIFEST = "manifest.json";
    /** The key of the manifest's architecture object. */
    public static final String ARCHITECTURE = "architecture";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SavedFlow() {
    }

    /** The built-in architectures, in the order {@link #architectureOf} tries them. */
    public static List<FlowSpec> builtIn() {
        return List.of(FlowSpec.advflowImagenet64(), FlowSpec.cpuTiny32());
    }

    /**
     * The architecture of {@code weights}.
     *
     * @param arch a built-in architecture name, or {@code null} to find out from the files
     * @throws IllegalArgumentException if the architecture cannot be told (the message says what to pass)
     */
    public static FlowSpec architectureOf(Path weights, String arch) throws IOException {
        if (arch != null && !arch.isBlank()) {
            return FlowSpec.byName(arch);
        }
        requireFile(weights);
        Path manifest = weights.toAbsolutePath().resolveSibling(MANIFEST);
        if (Files.isRegularFile(manifest)) {
            FlowSpec fromManifest = fromManifest(manifest);
            if (fromManifest != null) {
                return fromManifest;
            }
        }
        Map<String, List<Long>> shapes = keyShapes(weights);
        for (FlowSpec spec : builtIn()) {
            if (shapes.equals(expectedShapes(spec))) {
                return spec;
            }
        }
        throw new IllegalArgumentException("cannot tell the architecture of " + weights + " ("
                + shapes.size() + " arrays, matching no built-in flow and no " + MANIFEST
                + " beside it); pass --arch " + FlowSpec.ADVFLOW_IMAGENET64 + " or " + FlowSpec.CPU_TINY_32);
    }

    /** A flow of architecture {@code spec} in {@code manager} holding the weights of the archive. */
    public static FlowModel load(Path weights, FlowSpec spec, NDManager manager) throws IOException {
        requireFile(weights);
        FlowModel model = FlowModel.create(spec, FlowInit.advflow(0), manager);
        FlowWeights.load(model, weights);
        return model;
    }

    /** {@link #load} with the architecture found by {@link #architectureOf}. */
    public static FlowModel load(Path weights, String arch, NDManager manager) throws IOException {
        return load(weights, architectureOf(weights, arch), manager);
    }

    /** The manifest's architecture, or {@code null} if it has none. */
    static FlowSpec fromManifest(Path manifest) throws IOException {
        try {
            JsonNode node = JSON.readTree(manifest.toFile()).get(ARCHITECTURE);
            return node == null || node.isNull() ? null : JSON.treeToValue(node, FlowSpec.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unreadable " + manifest + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The architecture as a JSON object, as the manifest stores it. */
    public static JsonNode toJson(FlowSpec spec) {
        return JSON.valueToTree(spec);
    }

    private static Map<String, List<Long>> keyShapes(Path weights) throws IOException {
        Map<String, List<Long>> shapes = new HashMap<>();
        Npz.forEachEntry(weights, (key, in) -> {
            try {
                shapes.put(FlowWeights.stripPrefixes(key), boxed(Npy.readHeader(in).shape()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(weights + ", entry '" + key + "': " + e.getMessage(), e);
            }
        });
        return shapes;
    }

    private static Map<String, List<Long>> expectedShapes(FlowSpec spec) {
        Map<String, List<Long>> shapes = new HashMap<>();
        new FlowModel(spec, FlowInit.advflow(0)).stateDict()
                .forEach((key, parameter) -> shapes.put(key, boxed(parameter.getShape().getShape())));
        return shapes;
    }

    private static List<Long> boxed(long[] shape) {
        return new ArrayList<>(Arrays.stream(shape).boxed().toList());
    }

    private static void requireFile(Path weights) throws NoSuchFileException {
        if (!Files.isRegularFile(weights)) {
            throw new NoSuchFileException(weights.toString(), null, "no such weights file");
        }
    }
}
