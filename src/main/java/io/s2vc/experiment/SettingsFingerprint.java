package io.s2vc.experiment;

import io.s2vc.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A digest of every setting that can change what one (method, seed) run learns: the resolved configuration
 * without the keys that only choose which runs an experiment makes (methods, α sweep, seeds) or how its report
 * judges them. Two experiments with the same fingerprint train byte-identical runs for the same method and
 * seed, so an interrupted or extended experiment reuses the runs it already has.
 */
final class SettingsFingerprint {
    /** Keys that select or judge runs, never change one. */
    private static final Set<String> RUN_SELECTION = Set.of("experiment.seeds", "experiment.methods",
            "experiment.alphas", "experiment.scene_only", "experiment.resume", "experiment.supervised_steps",
            "experiment.supervised_lr", "experiment.oracle_min_r1", "experiment.scene_only_margin");

    private SettingsFingerprint() {
    }

    static String of(Config config) {
        Map<String, String> sorted = new TreeMap<>(config.asMap());
        RUN_SELECTION.forEach(sorted::remove);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sorted.forEach((key, value) -> sha.update((key + '=' + value + '\n').getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
