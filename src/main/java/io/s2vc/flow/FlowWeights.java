package io.s2vc.flow;

import io.s2vc.io.Npz;
import io.s2vc.io.NpyArray;
import io.s2vc.io.Npy;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flow weights as a NumPy {@code .npz} archive keyed by the PyTorch state-dict names of the
 * reference (§1.6), e.g. {@code module_list.1.s1.conv1.weight}, {@code module_list.10.M}. A converted
 * AdvFlow checkpoint loads as it is; keys prefixed by {@code INN.} (S²VC's MoCo) or {@code module.}
 * (DataParallel) are accepted too.
 */
public final class FlowWeights {
    private static final List<String> STRIPPED_PREFIXES = List.of("module.", "INN.");
    private static final int LISTED_PER_PROBLEM = 12;

    private FlowWeights() {
    }

    /**
     * Replaces every parameter of an initialised model by the archive's values. Nothing is changed
     * unless the archive fits exactly: unknown, missing, duplicate, mis-shaped or unreadable entries
     * are reported together in one {@link IllegalArgumentException}.
     */
    public static void load(FlowModel model, Path path) throws IOException {
        if (!model.isInitialized()) {
            throw new IllegalStateException("initialize the flow before loading weights into it");
        }
        Map<String, Parameter> expected = model.stateDict();
        Map<String, float[]> values = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Problems problems = new Problems();
        Npz.forEachEntry(path, (entryKey, in) -> {
            String key = stripPrefixes(entryKey);
            Parameter parameter = expected.get(key);
            if (!seen.add(key)) {
                problems.add("duplicate keys", entryKey);
            } else if (parameter == null) {
                problems.add("unexpected keys", entryKey);
            } else {
                try {
                    Npy.Header header = Npy.readHeader(in);
                    long[] wanted = parameter.getShape().getShape();
                    if (!Arrays.equals(header.shape(), wanted)) {
                        problems.add("wrong shapes", key + " is " + Npy.shapeText(header.shape())
                                + ", expected " + Npy.shapeText(wanted));
                    } else {
                        values.put(key, Npy.readValues(in, header));
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("unreadable entries", entryKey + " (" + e.getMessage() + ")");
                }
            }
        });
        for (String key : expected.keySet()) {
            if (!seen.contains(key)) {
                problems.add("missing keys", key);
            }
        }
        problems.throwIfAny("weights " + path + " do not fit flow '" + model.spec().name() + "'");
        values.forEach((key, data) -> expected.get(key).getArray().set(FloatBuffer.wrap(data)));
    }

    /** Writes every parameter of the model under its state-dict key; {@link #load} reads it back. */
    public static void save(FlowModel model, Path path) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        model.stateDict().forEach((key, parameter) -> {
            NDArray array = parameter.getArray();
            arrays.put(key, new NpyArray(array.getShape().getShape(), array.toFloatArray()));
        });
        Npz.write(path, arrays);
    }

    static String stripPrefixes(String key) {
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String prefix : STRIPPED_PREFIXES) {
                if (key.startsWith(prefix)) {
                    key = key.substring(prefix.length());
                    stripped = true;
                }
            }
        }
        return key;
    }

    /** Problems collected by kind, reported in one message with at most a dozen items per kind. */
    private static final class Problems {
        private final Map<String, List<String>> byKind = new LinkedHashMap<>();

        void add(String kind, String item) {
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(item);
        }

        void throwIfAny(String context) {
            if (byKind.isEmpty()) {
                return;
            }
            StringBuilder message = new StringBuilder(context).append(':');
            byKind.forEach((kind, items) -> {
                message.append("\n  ").append(kind).append(" (").append(items.size()).append("): ");
                message.append(String.join(", ", items.subList(0, Math.min(items.size(), LISTED_PER_PROBLEM))));
                if (items.size() > LISTED_PER_PROBLEM) {
                    message.append(", … and ").append(items.size() - LISTED_PER_PROBLEM).append(" more");
                }
            });
            throw new IllegalArgumentException(message.toString());
        }
    }
}
