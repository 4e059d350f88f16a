package io.s2vc.experiment;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The {@code experiment.*} settings of the scene-bias experiment.
 *
 * @param seeds runs per method, seeds {@code seed}, {@code seed + 1}, …
 * @param budgetSteps optimiser steps per run, or 0 when the budget is in minutes
 * @param budgetMinutes minutes of training per run, or 0 when the budget is in steps
 * @param evalEvery steps between evaluations (and one at the end of each run): R@1 against step
 * @param alpha the threshold of the S²VC strategies in the comparison
 * @param alphas the α sweep of S²VC (set to 0); empty = none
 * @param methods the compared key views: none (plain MoCo), zero, noise, shuffle-clip, shuffle-frame, tfd (the
 *     scene-only baseline runs besides unless {@code sceneOnly} is off)
 * @param keyViewsPerWindow key views made and suppressed per training window, shared by all seeds and methods;
 *     0 = one per pass the step budget makes over the windows, so that every pass trains on fresh key views
 * @param keyClip which window of the video a key view is cut from
 * @param checks what the sanity checks require before a winner is named
 * @param supervisedSteps steps of the supervised ceiling run before the methods (0 = none)
 * @param supervisedLearningRate its constant Adam rate
 * @param sceneOnly run the scene-only baseline (sanity check 2) besides the methods
 * @param resume reuse the runs (and the ceiling) an earlier invocation left in the result folder when they were
 *     trained with the same settings ({@link SettingsFingerprint})
 */
public record ExperimentSettings(int seeds, long budgetSteps, double budgetMinutes, long evalEvery, double alpha,
        double[] alphas, List<String> methods, int keyViewsPerWindow, KeyViewBank.KeyClip keyClip,
        SanityThresholds checks, long supervisedSteps, double supervisedLearningRate, boolean sceneOnly, boolean resume) {

    public ExperimentSettings {
        if (seeds < 1) {
            throw new ConfigException("experiment.seeds must be >= 1, got " + seeds);
        }
        if (budgetSteps < 0 || budgetMinutes < 0 || (budgetSteps == 0 && budgetMinutes == 0)) {
            throw new ConfigException("experiment.budget must be more than 0 steps or minutes");
        }
        if (budgetSteps > 0 && budgetMinutes > 0) {
            throw new ConfigException("the budget is a number of steps or of minutes, not both");
        }
        if (keyViewsPerWindow < 0 || (keyViewsPerWindow == 0 && budgetSteps == 0)) {
            throw new ConfigException("experiment.key_views_per_window must be >= 1, or 0 (fresh every pass) with a budget "
                    + "in steps, got " + keyViewsPerWindow);
        }
        if (supervisedSteps < 0) {
            throw new ConfigException("experiment.supervised_steps must be >= 0 (0 = no ceiling), got " + supervisedSteps);
        }
        if (methods.isEmpty()) {
            throw new ConfigException("experiment.methods is empty");
        }
    }

    public static ExperimentSettings from(Config c) {
        String budget = c.get(Catalogue.EXPERIMENT_BUDGET).trim().toLowerCase(Locale.ROOT);
        long steps = 0;
        double minutes = 0;
        try {
            if (budget.endsWith("min") || budget.endsWith("m")) {
                minutes = Double.parseDouble(budget.substring(0, budget.length() - (budget.endsWith("min") ? 3 : 1)));
            } else {
                steps = Long.parseLong(budget);
            }
        } catch (NumberFormatException e) {
            throw new ConfigException("experiment.budget must be steps (300) or minutes (20m), got '" + budget + "'");
        }
        if (steps < 0 || minutes < 0 || !Double.isFinite(minutes)) {
            throw new ConfigException("experiment.budget must be positive, got '" + budget + "'");
        }
        List<String> methods = new ArrayList<>(new LinkedHashSet<>(c.get(Catalogue.EXPERIMENT_METHODS)));
        double[] alphas = c.get(Catalogue.EXPERIMENT_ALPHAS).stream().mapToDouble(Double::doubleValue).toArray();
        return new ExperimentSettings(c.get(Catalogue.EXPERIMENT_SEEDS), steps, minutes, c.get(Catalogue.EXPERIMENT_EVAL_EVERY),
                c.get(Catalogue.SUPPRESS_ALPHA), alphas, methods, c.get(Catalogue.EXPERIMENT_KEY_VIEWS_PER_WINDOW),
                KeyViewBank.KeyClip.valueOf(c.get(Catalogue.EXPERIMENT_KEY_CLIP).toUpperCase(Locale.ROOT)),
                new SanityThresholds(c.get(Catalogue.EXPERIMENT_ORACLE_MIN_R1),
                        c.get(Catalogue.EXPERIMENT_SCENE_ONLY_MARGIN)), c.get(Catalogue.EXPERIMENT_SUPERVISED_STEPS),
                c.get(Catalogue.EXPERIMENT_SUPERVISED_LR), c.get(Catalogue.EXPERIMENT_SCENE_ONLY),
                c.get(Catalogue.EXPERIMENT_RESUME));
    }

    /** The strategy comparison (paper Table 4), and the scene-only baseline whether listed or not (unless switched off). */
    public List<Method> comparison() {
        List<Method> compared = new ArrayList<>(methods.stream().map(m -> Method.of(m, alpha)).toList());
        Method baseline = Method.of(Method.SCENE_ONLY, alpha);
        if (sceneOnly && !compared.contains(baseline)) {
            compared.add(baseline);
        }
        return compared;
    }

    /** The strategy comparison, then the α sweep points it does not already hold (Fig. 3 left). */
    public List<Method> allMethods() {
        List<Method> all = new ArrayList<>(comparison());
        for (double a : alphas) {
            Method sweep = Method.of("zero", a);
            if (all.stream().noneMatch(m -> m.id().equals(sweep.id()))) {
                all.add(sweep);
            }
        }
        return all;
    }

    /** Key views per window for {@code windows} training windows and batches of {@code batchSize} pairs. */
    public int keyViewsPerWindow(int windows, int batchSize) {
        if (keyViewsPerWindow > 0) {
            return keyViewsPerWindow;
        }
        return (int) Math.max(1, (budgetSteps * batchSize + windows - 1) / windows);
    }

    /** "300 steps" or "20 minutes", per run. */
    public String budgetText() {
        return budgetSteps > 0 ? budgetSteps + " steps" : Method.trim(budgetMinutes) + " minutes of training";
    }
}
