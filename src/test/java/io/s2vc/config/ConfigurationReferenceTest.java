package io.s2vc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is what the catalogue generates, so the reference cannot drift from the checks. */
class ConfigurationReferenceTest {
    @Test
    void theCommittedReferenceIsUpToDate() throws Exception {
        String committed = Files.readString(Path.of(ConfigurationReference.PATH));
        assertEquals(ConfigurationReference.markdown(), committed,
                ConfigurationReference.PATH + " is stale: run " + ConfigurationReference.COMMAND);
    }

    @Test
    void everyKeyIsDocumentedWithItsDefaultSourceAndProfileValues() {
        String md = ConfigurationReference.markdown();
        for (Param<?> param : Catalogue.all()) {
            assertTrue(md.contains("| `" + param.key() + "` |"), param.key());
        }
        assertTrue(md.contains("| `suppress.alpha` | number | `0.5` |  |  |  | in [0.0, 1000000.0] |  | official code |"), md);
        assertTrue(md.contains("| `moco.backbone` | choice | `r3d18` | `tiny3d` |  | `s3d` | one of r3d18, s3d, tiny3d |"),
                "profile columns show only what a profile changes");
    }

    @Test
    void changesListOnlyWhatTheProfileAndOverridesSet() {
        List<String> changes = ConfigurationReference.changes(Config.load("paper-r3d18", List.of("seed=7")));
        assertEquals(List.of("profile=paper-r3d18", "seed=7", "flink.checkpoint_interval_ms=60000"), changes);
    }
}
