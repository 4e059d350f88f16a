package io.s2vc.flow;

import io.s2vc.io.Npz;
import io.s2vc.io.NpyArray;
import io.s2vc.testing.TestArrays;
import static io.s2vc.testing.TestArrays.maxAbsDiff;
import static io.s2vc.testing.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export → import gives identical latents; a file that does not fit is refused naming every problem. */
class FlowWeightsTest {
    private static NDManager manager;
    @TempDir
    Path dir;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    private static FlowSpec spec() {
        return FlowModelTest.tinySpec();
    }

    @Test
    void exportThenImportGivesIdenticalLatents() throws IOException {
        FlowModel source = FlowModel.create(spec(), FlowInit.randomEverywhere(1, 0.2f), manager);
        FlowModel target = FlowModel.create(spec(), FlowInit.randomEverywhere(2, 0.2f), manager);
        Path file = dir.resolve("flow.npz");
        FlowWeights.save(source, file);
        try (NDManager call = manager.newSubManager()) {
            NDArray frames = uniform(call, 3, spec().frameShape(2));
            NDArray expected = source.encode(frames);
            assertTrue(maxAbsDiff(target.encode(frames), expected) > 1e-3, "different weights before loading");
            FlowWeights.load(target, file);
            assertEquals(0f, maxAbsDiff(target.encode(frames), expected), "identical latents");
        }
        Map<String, NpyArray> arrays = Npz.read(file);
        assertEquals(source.stateDict().keySet(), arrays.keySet(), "state-dict keys, in order");
    }

    @Test
    void acceptsMocoAndDataParallelPrefixes() throws IOException {
        FlowModel source = FlowModel.create(spec(), FlowInit.randomEverywhere(1, 0.2f), manager);
        Map<String, NpyArray> prefixed = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, NpyArray> e : Npz.read(save(source)).entrySet()) {
            prefixed.put((i++ % 2 == 0 ? "INN." : "module.INN.") + e.getKey(), e.getValue());
        }
        Path file = dir.resolve("moco.npz");
        Npz.write(file, prefixed);
        FlowModel target = FlowModel.create(spec(), FlowInit.advflow(7), manager);
        FlowWeights.load(target, file);
        String key = "module_list.9.s1.fc2b.weight";
        assertEquals(0f, maxAbsDiff(source.stateDict().get(key).getArray(), target.stateDict().get(key).getArray()));
    }

    @Test
    void refusesMissingExtraAndMisShapedKeysInOneMessage() throws IOException {
        FlowModel source = FlowModel.create(spec(), FlowInit.randomEverywhere(1, 0.2f), manager);
        Map<String, NpyArray> arrays = Npz.read(save(source));
        arrays.remove("module_list.1.s2.conv1.bias");
        arrays.remove("module_list.4.M_inv");
        arrays.put("module_list.99.s1.conv1.weight", new NpyArray(new long[] {1}, new float[] {0}));
        arrays.put("module_list.9.s1.fc3.weight", new NpyArray(new long[] {2, 2}, new float[4]));
        Path file = dir.resolve("bad.npz");
        Npz.write(file, arrays);

        FlowModel target = FlowModel.create(spec(), FlowInit.advflow(3), manager);
        float before = target.stateDict().get("module_list.1.s1.conv1.weight").getArray().getFloat(0, 0, 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlowWeights.load(target, file));
        String message = e.getMessage();
        for (String expected : new String[] {"missing keys (2)", "module_list.1.s2.conv1.bias", "module_list.4.M_inv",
                "unexpected keys (1)", "module_list.99.s1.conv1.weight",
                "wrong shapes (1)", "module_list.9.s1.fc3.weight is (2, 2), expected (12, 16)"}) {
            assertTrue(message.contains(expected), "'" + expected + "' in: " + message);
        }
        assertEquals(before, target.stateDict().get("module_list.1.s1.conv1.weight").getArray().getFloat(0, 0, 0, 0),
                "nothing loaded from a file that does not fit");
    }

    @Test
    void refusesFilesThatAreNotArchivesOrNotFloat32() throws IOException {
        FlowModel target = FlowModel.create(spec(), FlowInit.advflow(3), manager);
        Path text = Files.writeString(dir.resolve("weights.npz"), "{\"not\": \"a zip\"}");
        IllegalArgumentException notZip = assertThrows(IllegalArgumentException.class, () -> FlowWeights.load(target, text));
        assertTrue(notZip.getMessage().contains("not an .npz (zip) archive"), notZip.getMessage());

        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> FlowWeights.load(target, Path.of(getClass().getResource("/flow/numpy-float64.npz").getPath())));
        assertTrue(wrongType.getMessage().contains("unexpected keys (1): a"), wrongType.getMessage());
    }

    private Path save(FlowModel model) throws IOException {
        Path file = Files.createTempFile(dir, "flow", ".npz");
        FlowWeights.save(model, file);
        return file;
    }
}
