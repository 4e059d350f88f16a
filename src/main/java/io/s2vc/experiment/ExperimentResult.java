package io.s2vc.experiment;

import io.s2vc.eval.MotionOracle;
import java.util.List;

/**
 * Everything an experiment measured, as written to {@code experiment.json}.
 *
 * @param command the command line that reproduces it
 * @param data the data set (name, split, root)
 * @param budget the training budget per run, in words
 * @param methods the compared methods, in table order (the α sweep's extra points last)
 * @param trainWindows training windows per pass over the data set
 * @param testQueries test videos (the retrieval queries)
 * @param chanceR1 R@1 of an encoder that ignores the video: the share of the gallery in the query's class
 * @param runs every (method, seed) run finished so far
 * @param oracles the motion oracles' retrievals (sanity check: the classes are learnable from motion)
 * @param checks the thresholds of the sanity checks
 * @param supervised the supervised ceiling on the same data and views, or null when it was not run
 * @param keyViewSeconds time spent making and suppressing key views, summed over the invocations that made the runs
 * @param elapsedSeconds wall time, summed over the invocations that made the runs (a resumed experiment adds up)
 * @param settingsFingerprint {@link SettingsFingerprint} of the settings every run was trained with (null in results
 *     written before it was recorded: their runs are never reused)
 */
public record ExperimentResult(String command, String data, String budget, List<Long> seeds, double alpha,
        List<Double> alphas, List<MethodInfo> methods, int trainWindows, int keyViewsPerWindow, int testQueries,
        double chanceR1, double keyViewSeconds, double elapsedSeconds, List<RunResult> runs,
        List<MotionOracle.Result> oracles, SanityThresholds checks, SupervisedCeiling.Result supervised,
        String settingsFingerprint) {

    /** A compared method: id, Table 4 row name, strategy (none for the plain key view) and α (null if none). */
    public record MethodInfo(String id, String label, String strategy, Double alpha, boolean sweepOnly) {
        static MethodInfo of(Method m, boolean sweepOnly) {
            String strategy = m.stillClips() ? Method.SCENE_ONLY : m.strategy() == null ? Method.PLAIN
                    : m.strategy().id();
            return new MethodInfo(m.id(), m.label(), strategy, m.usesFlow() ? m.alpha() : null, sweepOnly);
        }
    }

    public ExperimentResult {
        seeds = List.copyOf(seeds);
        alphas = List.copyOf(alphas);
        methods = List.copyOf(methods);
        runs = List.copyOf(runs);
        oracles = oracles == null ? List.of() : List.copyOf(oracles);
        checks = checks == null ? SanityThresholds.DEFAULTS : checks; // results written before the checks existed
    }

    /** The run of {@code methodId} with {@code seed}, if it finished. */
    public java.util.Optional<RunResult> run(String methodId, long seed) {
        return runs.stream().filter(r -> r.method().equals(methodId) && r.seed() == seed).findFirst();
    }

    /** The runs of one method, in seed order. */
    public List<RunResult> runsOf(String methodId) {
        return runs.stream().filter(r -> r.method().equals(methodId)).toList();
    }
}
