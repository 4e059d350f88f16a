package io.s2vc.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Options of a benchmark whose cases are settings at batch sizes ({@code --full}, {@code --only},
 * {@code --batch}), and the cases they pick. The command's description names its settings and what
 * {@code --full} adds.
 */
public final class CaseOptions {
    @Option(names = "--full", description = "Also the slow cases the default set leaves out (see above).")
    boolean full;

    @Option(names = "--only", paramLabel = "SETTING", description = "Only this setting (see above).")
    String only;

    @Option(names = "--batch", paramLabel = "N", split = ",",
            description = "Batch sizes for every setting, instead of its default ones (see above).")
    List<Integer> batches;

    @Option(names = "--no-reference", negatable = false,
            description = "Skip the plain-PyTorch reference (bench/torch_reference.py) after each case.")
    boolean noReference;

    boolean full() {
        return full;
    }

    /** Whether each case is also timed in plain PyTorch. */
    boolean reference() {
        return !noReference;
    }

    /** The setting named by {@code --only}, or null for all. */
    String only() {
        return only;
    }

    /**
     * The default cases of the {@code --only} setting (all when absent); with {@code --batch}, each
     * selected setting at those batch sizes instead.
     *
     * @param settings the names {@code --only} accepts
     * @param settingOf the setting a case belongs to
     * @param atBatch a case of the same setting at another batch size
     */
    <C> List<C> select(List<C> defaults, List<String> settings, Function<C, String> settingOf,
            BiFunction<C, Integer, C> atBatch) {
        if (only != null && !settings.contains(only)) {
            throw new IllegalArgumentException("--only must be " + String.join(" or ", settings) + ", got '" + only + "'");
        }
        Map<String, C> firstOfSetting = new LinkedHashMap<>();
        List<C> cases = new ArrayList<>();
        for (C c : defaults) {
            if (only == null || only.equals(settingOf.apply(c))) {
                cases.add(c);
                firstOfSetting.putIfAbsent(settingOf.apply(c), c);
            }
        }
        if (batches == null) {
            return cases;
        }
        List<C> resized = new ArrayList<>();
        for (C c : firstOfSetting.values()) {
            for (int batch : batches) {
                if (batch < 1) {
                    throw new IllegalArgumentException("--batch sizes must be >= 1");
                }
                resized.add(atBatch.apply(c, batch));
            }
        }
        return resized;
    }
}
