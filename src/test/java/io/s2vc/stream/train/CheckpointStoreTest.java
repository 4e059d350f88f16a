package io.s2vc.stream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.s2vc.train.CheckpointManifest;
import io.s2vc.train.CorruptCheckpointException;
import io.s2vc.train.ModelCheckpoint;
import io.s2vc.train.ModelCheckpointStore;
import io.s2vc.train.OnlineTrainer;
import io.s2vc.train.TinyTraining;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint store on the local file system through Flink's FileSystem API. */
class CheckpointStoreTest {
    @TempDir
    Path dir;

    private CheckpointManifest writeLocal(OnlineTrainer trainer, Path local) throws Exception {
        return ModelCheckpoint.write(trainer, local,
                new ModelCheckpoint.Provenance("run", "cpu-tiny", 1.0, trainer.pairsSeen(), null, 0));
    }

    @Test
    void publishesAtomicallyKeepsIdenticalReplaysAndRetainsTheNewest() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("store").toString());
        assertEquals(List.of(), store.steps());
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            for (int step = 1; step <= 3; step++) {
                TinyTraining.pairs(4, 4).forEach(trainer::add);
                Path local = dir.resolve("local-" + step);
                URI published = store.publish(local, writeLocal(trainer, local));
                assertEquals(store.uri(step), published);
                assertEquals(step, ModelCheckpoint.verify(Path.of(published)).step());
            }
            assertEquals(List.of(1L, 2L, 3L), store.steps());
            try (var files = Files.list(dir.resolve("store"))) {
                assertEquals(3, files.count(), "no temporary folder is left behind");
            }

            // A replay of step 3 with the same model keeps the published folder; another model replaces it.
            Path same = dir.resolve("same");
            CheckpointManifest replay = writeLocal(trainer, same);
            long before = Files.getLastModifiedTime(Path.of(store.uri(3)).resolve(ModelCheckpoint.MANIFEST)).toMillis();
            Thread.sleep(20);
            store.publish(same, replay);
            assertEquals(before, Files.getLastModifiedTime(Path.of(store.uri(3)).resolve(ModelCheckpoint.MANIFEST)).toMillis());
            OnlineTrainer other = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            for (int i = 0; i < 12; i++) {
                other.add(TinyTraining.pair(100 + i, 4)); // other clips: another model at step 3
            }
            Path different = dir.resolve("different");
            CheckpointManifest replaced = writeLocal(other, different);
            assertNotEquals(replay.modelSha256(), replaced.modelSha256());
            store.publish(different, replaced);
            assertEquals(replaced.modelSha256(), ModelCheckpoint.verify(Path.of(store.uri(3))).modelSha256());

            assertEquals(0, store.retain(1, 1), "a step above the one just published is not counted");
            assertEquals(List.of(1L, 2L, 3L), store.steps());
            assertEquals(1, store.retain(2, 3));
            assertEquals(List.of(2L, 3L), store.steps());
            assertEquals(0, store.retain(0, 3), "0 keeps all");
        }
    }

    @Test
    void eachRunHasItsFolderAndTheLatestIsFound() throws Exception {
        CheckpointStore root = new CheckpointStore(dir.resolve("store").toString());
        assertTrue(root.latestRun().isEmpty());
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            TinyTraining.pairs(4, 4).forEach(trainer::add);
            for (String run : List.of("run-a", "run-b")) {
                Path local = dir.resolve("local-" + run);
                URI published = root.run(run).publish(local, writeLocal(trainer, local));
                assertEquals(dir.resolve("store").resolve(run).resolve(CheckpointStore.name(1)), Path.of(published));
                Thread.sleep(20);
            }
        }
        assertEquals(root.run("run-b").root(), root.latestRun().orElseThrow().root());
        assertThrows(IllegalArgumentException.class, () -> root.run("../elsewhere"));
    }

    /** A starting trainer continues the newest run (or the configured one) from its newest checkpoint with state. */
    @Test
    void theNewestCheckpointWithTrainerStateOfTheRunIsResumable() throws Exception {
        CheckpointStore root = new CheckpointStore(dir.resolve("store").toString());
        assertTrue(root.resumable("").isEmpty());
        try (NDManager manager = NDManager.newBaseManager()) {
            OnlineTrainer trainer = new OnlineTrainer(TinyTraining.settings("unused"), manager);
            for (String run : List.of("run-a", "run-b")) {
                TinyTraining.pairs(4, 4).forEach(trainer::add);
                Path local = dir.resolve("local-" + run);
                root.run(run).publish(local, writeLocal(trainer, local));
                Thread.sleep(20);
            }
            // A newer, incomplete checkpoint (no manifest) is passed over.
            Files.createDirectories(Path.of(root.run("run-b").uri(3)));
        }
        ModelCheckpointStore.Resumable newest = root.resumable("").orElseThrow();
        assertEquals("run-b", newest.runId());
        assertEquals(2, newest.step());
        assertEquals(root.run("run-b").uri(2), newest.uri());
        assertEquals(1, root.resumable("run-a").orElseThrow().step());
        assertTrue(root.resumable("run-c").isEmpty());
    }

    @Test
    void aRequestIsTakenOnce() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("store").toUri().toString());
        assertFalse(store.takeRequest());
        store.requestCheckpoint();
        assertTrue(Files.exists(dir.resolve("store").resolve(CheckpointStore.REQUEST_FILE)));
        assertTrue(store.takeRequest());
        assertFalse(store.takeRequest());
    }

    @Test
    void fetchRefusesAMissingOrDamagedCheckpoint() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.toString());
        assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.fetch(store.uri(7), dir.resolve("scratch")));
        Files.createDirectories(Path.of(store.uri(7)));
        var e = assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.fetch(store.uri(7), dir));
        assertTrue(e.getMessage().contains("no manifest.json"), e.getMessage());
    }
}
