package io.s2vc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s2vc.config.Catalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void defaultProfileOverlaysTheDefaults() {
        Config c = Config.defaultProfile();
        assertEquals("cpu-tiny", c.profile());
        assertEquals(8, c.get(Catalogue.CLIP_FRAMES));
        assertEquals(0.0, c.get(Catalogue.AUGMENT_FLIP_P), "cpu-tiny: the synthetic classes include mirrored motions");
        assertEquals("s2vc.clips", c.get(Catalogue.KAFKA_TOPICS_CLIPS));
    }

    @Test
    void paperProfileKeepsThePaperDefaults() {
        Config c = Config.load("paper-r3d18", List.of());
        assertEquals(16, c.get(Catalogue.CLIP_FRAMES));
        assertEquals(112, c.get(Catalogue.AUGMENT_SIZE));
        assertEquals(224, c.get(Catalogue.AUGMENT_INTERMEDIATE_SIZE));
    }

    @Test
    void overridesWinAndAreTyped() {
        Config c = Config.load("cpu-tiny", List.of("clip.frames=12", "kafka.properties.security.protocol=SSL"));
        assertEquals(12, c.get(Catalogue.CLIP_FRAMES));
        assertEquals("SSL", c.subtree("kafka.properties").get("security.protocol"));
    }

    @Test
    void unknownKeysAndBadValuesAreNamed() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> Config.load("cpu-tiny", List.of("clip.frmes=3")));
        assertTrue(unknown.getMessage().contains("clip.frmes"), unknown.getMessage());
        ConfigException notInt = assertThrows(ConfigException.class,
                () -> Config.load("cpu-tiny", List.of("clip.frames=many")));
        assertTrue(notInt.getMessage().contains("clip.frames must be an integer, got 'many'"), notInt.getMessage());
        assertThrows(ConfigException.class, () -> Config.load("cpu-tiny", List.of("novalue")));
        assertThrows(ConfigException.class, () -> Config.load("gpu-huge", List.of()));
        ConfigException delivery = assertThrows(ConfigException.class,
                () -> Config.load("cpu-tiny", List.of("kafka.delivery=maybe")));
        assertTrue(delivery.getMessage().contains("kafka.delivery must be one of at-least-once, exactly-once, got 'maybe'"),
                delivery.getMessage());
    }

    @Test
    void everyValueIsCheckedWhenLoadedAndAllProblemsAreNamedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load("cpu-tiny",
                List.of("suppress.alpha=-1", "moco.backbone=vit", "augment.crop_scale_min=0.9", "train.run_id=a/b")));
        for (String expected : List.of("suppress.alpha must be in [0.0, 1000000.0], got '-1'",
                "moco.backbone must be one of r3d18, s3d, tiny3d, got 'vit'",
                "train.run_id must be letters, digits, '.', '_' and '-', got 'a/b'")) {
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
        ConfigException together = assertThrows(ConfigException.class,
                () -> Config.load("cpu-tiny", List.of("augment.crop_scale_min=0.9", "augment.crop_scale_max=0.5")));
        assertTrue(together.getMessage().contains("augment.crop_scale_min (0.9) must not exceed augment.crop_scale_max"),
                together.getMessage());
    }

    @Test
    void stagesReceiveTypedValues() {
        Config c = Config.load("paper-r3d18", List.of("suppress.mode=top", "train.milestone_epochs=5, 9"));
        assertEquals(io.s2vc.suppress.SelectionMode.TOP, c.get(Catalogue.SUPPRESS_MODE));
        assertEquals(io.s2vc.model.BackboneType.R3D18, c.get(Catalogue.MOCO_BACKBONE));
        assertEquals(List.of(5L, 9L), c.get(Catalogue.TRAIN_MILESTONE_EPOCHS));
        assertEquals(List.of("none", "zero", "noise", "shuffle-clip", "shuffle-frame", "tfd"),
                c.get(Catalogue.EXPERIMENT_METHODS));
        assertEquals("5,9", c.with(Catalogue.TRAIN_MILESTONE_EPOCHS, List.of(5L, 9L)).text("train.milestone_epochs"));
    }

    @Test
    void theDefaultsAreTheCataloguesAndEveryDefaultPassesItsOwnCheck(@TempDir Path dir) throws Exception {
        Path bare = dir.resolve("bare.yaml");
        Files.writeString(bare, "profile: bare\n");
        Config defaults = Config.load(bare.toString(), List.of());
        for (Param<?> param : Catalogue.all()) {
            if (!param.key().equals("profile")) {
                assertEquals(param.defaultValue(), defaults.get(param), param.key());
            }
            assertFalse(param.description().isBlank(), param.key() + " says what it is");
        }
    }

    @Test
    void profileFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, "profile: mine\nclip:\n  frames: 4\n");
        Config c = Config.load(file.toString(), List.of());
        assertEquals("mine", c.profile());
        assertEquals(4, c.get(Catalogue.CLIP_FRAMES));
        Files.writeString(file, "clip:\n  typo: 4\n");
        assertThrows(ConfigException.class, () -> Config.load(file.toString(), List.of()));
    }

    @Test
    void aProfileFileExtendsAnotherProfile(@TempDir Path dir) throws Exception {
        Path cluster = dir.resolve("cluster.yaml");
        Files.writeString(cluster, "extends: cpu-tiny\nkafka:\n  delivery: exactly-once\n");
        Config c = Config.load(cluster.toString(), List.of());
        assertEquals(8, c.get(Catalogue.CLIP_FRAMES), "from cpu-tiny");
        assertEquals(io.s2vc.config.Delivery.EXACTLY_ONCE, c.get(Catalogue.KAFKA_DELIVERY), "its own");
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "extends: " + cluster + "\nclip:\n  frames: 4\n");
        assertEquals(4, Config.load(site.toString(), List.of()).get(Catalogue.CLIP_FRAMES));
        assertEquals(io.s2vc.config.Delivery.EXACTLY_ONCE, Config.load(site.toString(), List.of()).get(Catalogue.KAFKA_DELIVERY));
        Files.writeString(cluster, "extends: " + site + "\n");
        ConfigException circle = assertThrows(ConfigException.class, () -> Config.load(site.toString(), List.of()));
        assertTrue(circle.getMessage().contains("circle"), circle.getMessage());
    }
}
