package io.s2vc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.config.Config;
import io.s2vc.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentSettingsTest {
    private static ExperimentSettings settings(String... overrides) {
        return ExperimentSettings.from(Config.load("cpu-tiny", List.of(overrides)));
    }

    @Test
    void theDefaultsAreTable4AndTheAlphaSweepOfFigure3() {
        ExperimentSettings s = settings();
        assertEquals(3, s.seeds());
        assertEquals(1500, s.budgetSteps());
        assertEquals(0.5, s.alpha());
        assertEquals(List.of("moco", "zero@0.5", "noise@0.5", "shuffle-clip@0.5", "shuffle-frame@0.5", "tfd", "scene-only"),
                s.comparison().stream().map(Method::id).toList(), "the scene-only baseline beside Table 4's rows");
        assertEquals(new SanityThresholds(0.6, 0.05), s.checks());
        assertEquals(List.of("moco", "zero@0.5", "noise@0.5", "shuffle-clip@0.5", "shuffle-frame@0.5", "tfd",
                "scene-only", "zero@0.1", "zero@0.3", "zero@0.7", "zero@0.9"), s.allMethods().stream().map(Method::id).toList(),
                "the sweep adds only the α values the comparison does not already train");
        assertEquals("S²VC (set to 0, α = 0.5)", s.comparison().get(1).label());
    }

    @Test
    void theBudgetIsStepsOrMinutes() {
        assertEquals(40, settings("experiment.budget=40").budgetSteps());
        ExperimentSettings minutes = settings("experiment.budget=2.5m");
        assertEquals(0, minutes.budgetSteps());
        assertEquals(2.5, minutes.budgetMinutes());
        assertEquals("2.5 minutes of training", minutes.budgetText());
        assertEquals(3.0, settings("experiment.budget=3min").budgetMinutes());
        ConfigException bad = assertThrows(ConfigException.class, () -> settings("experiment.budget=soon"));
        assertTrue(bad.getMessage().contains("steps (300) or minutes (20m)"), bad.getMessage());
        ConfigException zero = assertThrows(ConfigException.class, () -> settings("experiment.budget=0m"));
        assertTrue(zero.getMessage().contains("more than 0 steps or minutes"), zero.getMessage());
    }

    @Test
    void unknownMethodsAndBadAlphasAreRefusedWithTheReason() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> settings("experiment.methods=none,blur"));
        assertTrue(unknown.getMessage().contains("experiment.methods must be a comma-separated list of none, zero"),
                unknown.getMessage());
        assertThrows(ConfigException.class, () -> settings("experiment.alphas=0.3,-1"));
        ConfigException text = assertThrows(ConfigException.class, () -> settings("experiment.alphas=0.3,abc"));
        assertTrue(text.getMessage().startsWith("experiment.alphas"), text.getMessage());
        assertEquals(List.of("moco", "tfd", "scene-only"), settings("experiment.methods=none,tfd,none", "experiment.alphas=")
                .allMethods().stream().map(Method::id).toList());
        assertEquals(List.of("zero@0.5"), settings("experiment.methods=zero", "experiment.alphas=",
                "experiment.scene_only=false").allMethods().stream().map(Method::id).toList(),
                "an ablation of one method may leave the baseline out");
    }

    @Test
    void freshKeyViewsEveryPassFollowTheStepBudget() {
        ExperimentSettings fresh = settings("experiment.budget=1000", "experiment.key_views_per_window=0");
        assertEquals(5, fresh.keyViewsPerWindow(3456, 16), "16000 pairs over 3456 windows: 5 passes");
        assertEquals(2, settings("experiment.key_views_per_window=2").keyViewsPerWindow(3456, 16));
        ConfigException minutes = assertThrows(ConfigException.class,
                () -> settings("experiment.budget=5m", "experiment.key_views_per_window=0"));
        assertTrue(minutes.getMessage().contains("fresh every pass"), minutes.getMessage());
        assertEquals(3000, settings().supervisedSteps());
        assertThrows(ConfigException.class, () -> settings("experiment.supervised_steps=-1"));
    }
}
