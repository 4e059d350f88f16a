package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.eval.EvalData;
import io.s2vc.eval.EvalSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The labelled data set and the report folder of an evaluation. */
public final class EvalOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Labelled data set root, UCF101 or HMDB51 layout with its split lists (default: eval.data, "
                    + "else the synthetic set in WORK/data/synthetic).")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: WORK/reports).")
    Path out;

    Path data(Config config, Path work) {
        if (data != null) {
            return data.toAbsolutePath();
        }
        String configured = config.get(Catalogue.EVAL_DATA);
        return (configured.isBlank() ? GenerateCommand.defaultRoot(work) : Path.of(configured)).toAbsolutePath();
    }

    Path out(Path work) {
        return (out != null ? out : work.resolve("reports")).toAbsolutePath();
    }

    static Path cache(Path work) {
        return work.resolve("eval-cache").toAbsolutePath();
    }

    /** The data set of these options, checked. */
    Path checkedData(Config config, Path work) {
        Path root = data(config, work);
        requireDataset(root, config, work);
        return root;
    }

    /** Checks the data set before any job starts: one clear line when it is not there or not labelled. */
    static void requireDataset(Path root, Config config, Path work) {
        if (!Files.isDirectory(root)) {
            throw new UserException("no data set folder " + root + " (pass --data or set eval.data)");
        }
        try {
            new EvalData(root, EvalSettings.from(config), cache(work));
        } catch (IllegalArgumentException | IOException e) {
            throw new UserException(e.getMessage());
        }
    }
}
