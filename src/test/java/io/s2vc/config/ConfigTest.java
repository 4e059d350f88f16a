package io.s2vc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(8, c.getInt("clip.frames"));
        assertEquals(0.0, c.getDouble("augment.flip_p"), "cpu-tiny: the synthetic classes include mirrored motions");
        assertEquals("s2vc.clips", c.getString("kafka.topics.clips"));
    }

    @Test
    void paperProfileKeepsThePaperDefaults() {
        Config c = Config.load("paper-r3d18", List.of());
        assertEquals(16, c.getInt("clip.frames"));
        assertEquals(112, c.getInt("augment.size"));
        assertEquals(224, c.getInt("augment.intermediate_size"));
    }

    @Test
    void overridesWinAndAreTyped() {
        Config c = Config.load("cpu-tiny", List.of("clip.frames=12", "kafka.properties.security.protocol=SSL"));
        assertEquals(12, c.getInt("clip.frames"));
        assertEquals("SSL", c.subtree("kafka.properties").get("security.protocol"));
    }

    @Test
    void unknownKeysAndBadValuesAreNamed() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> Config.load("cpu-tiny", List.of("clip.frmes=3")));
        assertTrue(unknown.getMessage().contains("clip.frmes"), unknown.getMessage());
        Config bad = Config.load("cpu-tiny", List.of("clip.frames=many"));
        ConfigException notInt = assertThrows(ConfigException.class, () -> bad.getInt("clip.frames"));
        assertTrue(notInt.getMessage().contains("clip.frames must be an integer"), notInt.getMessage());
        assertThrows(ConfigException.class, () -> Config.load("cpu-tiny", List.of("novalue")));
        assertThrows(ConfigException.class, () -> Config.load("gpu-huge", List.of()));
        Config delivery = Config.load("cpu-tiny", List.of("kafka.delivery=maybe"));
        assertThrows(ConfigException.class,
                () -> delivery.getChoice("kafka.delivery", "at-least-once", "exactly-once"));
    }

    @Test
    void profileFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, "profile: mine\nclip:\n  frames: 4\n");
        Config c = Config.load(file.toString(), List.of());
        assertEquals("mine", c.profile());
        assertEquals(4, c.getInt("clip.frames"));
        Files.writeString(file, "clip:\n  typo: 4\n");
        assertThrows(ConfigException.class, () -> Config.load(file.toString(), List.of()));
    }

    @Test
    void aProfileFileExtendsAnotherProfile(@TempDir Path dir) throws Exception {
        Path cluster = dir.resolve("cluster.yaml");
        Files.writeString(cluster, "extends: cpu-tiny\nkafka:\n  delivery: exactly-once\n");
        Config c = Config.load(cluster.toString(), List.of());
        assertEquals(8, c.getInt("clip.frames"), "from cpu-tiny");
        assertEquals("exactly-once", c.getString("kafka.delivery"), "its own");
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "extends: " + cluster + "\nclip:\n  frames: 4\n");
        assertEquals(4, Config.load(site.toString(), List.of()).getInt("clip.frames"));
        assertEquals("exactly-once", Config.load(site.toString(), List.of()).getString("kafka.delivery"));
        Files.writeString(cluster, "extends: " + site + "\n");
        ConfigException circle = assertThrows(ConfigException.class, () -> Config.load(site.toString(), List.of()));
        assertTrue(circle.getMessage().contains("circle"), circle.getMessage());
    }
}
