package io.s2vc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad flags, paths and values give one line that says what is wrong, and a non-zero exit. */
class CommandLineTest {
    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static void assertOneLineError(Outcome o, String expected) {
        assertTrue(o.code() != 0, "exit code should be non-zero");
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), "one line expected, got:\n" + err);
        assertTrue(err.startsWith("s2vc: "), err);
        assertTrue(err.contains(expected), "'" + expected + "' not in: " + err);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"run", "generate", "ingest", "augment", "train", "checkpoint-now", "evaluate", "eval", "broker",
                "flow-pretrain", "flow", "bench"}) {
            Outcome o = run(command, "--help");
            assertEquals(0, o.code(), command);
            assertTrue(o.out().contains("Usage: s2vc " + command), o.out());
        }
    }

    @Test
    void unknownFlag() {
        assertOneLineError(run("augment", "--no-such-flag"), "Unknown option: '--no-such-flag'");
    }

    @Test
    void badConfigurationKeyAndValue(@TempDir Path work) {
        assertOneLineError(run("generate", "--work", work.toString(), "--set", "synthetic.clases=3"),
                "unknown configuration key 'synthetic.clases'");
        assertOneLineError(run("generate", "--work", work.toString(), "--set", "synthetic.bias=2"),
                "synthetic.bias must be in [0.0, 1.0]");
        assertOneLineError(run("generate", "--profile", "nope", "--work", work.toString()), "unknown profile 'nope'");
    }

    @Test
    void missingSourcePath(@TempDir Path work) {
        assertOneLineError(run("ingest", "--work", work.toString(), work.resolve("nothing-here.avi").toString()),
                "no such file, folder or stream URL");
        assertOneLineError(run("ingest", "--work", work.toString(), "--split", "4", work.toString()),
                "--split must be 1, 2 or 3");
    }

    @Test
    void generateWritesTheLayout(@TempDir Path work) {
        Outcome o = run("generate", "--work", work.toString(), "--set", "synthetic.classes=2",
                "--set", "synthetic.families=2", "--set", "synthetic.train_per_class=1", "--set", "synthetic.test_per_class=1",
                "--set", "synthetic.classes_per_appearance=2", "--set", "synthetic.frames=4",
                "--set", "synthetic.width=32", "--set", "synthetic.height=24");
        assertEquals(0, o.code(), o.err());
        Path root = work.resolve("data/synthetic");
        assertTrue(Files.exists(root.resolve("ucfTrainTestlist/classInd.txt")));
        assertTrue(Files.exists(root.resolve("ucfTrainTestlist/trainlist01.txt")));
        assertTrue(Files.exists(root.resolve("s2vc-synthetic.json")));
        assertEquals(4, root.resolve("UCF-101").toFile().list().length + 2);
    }
}
