package io.s2vc.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s2vc.plot.LinePlot;
import io.s2vc.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The report files of an output folder, rewritten after every evaluation: {@code report.json} (the
 * newest evaluation, metrics under names such as {@code retrieval.R@1}, and the history),
 * {@code report.md} (tables shaped like the paper's Tables 1–3), {@code history.json}, and the plots
 * {@code retrieval.png}, {@code linear.png} and {@code loss.png} against the training step.
 */
public final class EvalReports {
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "report.md";
    public static final String HISTORY = "history.json";
    public static final String RETRIEVAL_PLOT = "retrieval.png";
    public static final String LINEAR_PLOT = "linear.png";
    public static final String LOSS_PLOT = "loss.png";
    /** Every picture {@link #write} draws. */
    public static final List<String> PLOTS = List.of(RETRIEVAL_PLOT, LINEAR_PLOT, LOSS_PLOT);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvalReports() {
    }

    /** The evaluations recorded in {@code out} so far, oldest step first. */
    public static List<Evaluation> history(Path out) throws IOException {
        Path file = out.resolve(HISTORY);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return MAPPER.readValue(file.toFile(), new TypeReference<List<Evaluation>>() { });
    }

    /** Adds {@code evaluation} to the history of {@code out} (replacing one of the same run and step) and rewrites every file. */
    public static void write(Path out, Evaluation evaluation) throws IOException {
        Files.createDirectories(out);
        Map<String, Evaluation> byRunAndStep = new TreeMap<>();
        for (Evaluation e : history(out)) {
            byRunAndStep.put(e.runId() + "/" + e.step(), e);
        }
        byRunAndStep.put(evaluation.runId() + "/" + evaluation.step(), evaluation);
        List<Evaluation> history = new ArrayList<>(byRunAndStep.values());
        history.sort(Comparator.comparingLong(Evaluation::timeMs).thenComparingLong(Evaluation::step));
        AtomicFiles.write(out.resolve(HISTORY), o -> MAPPER.writeValue(o, history));
        ObjectNode report = MAPPER.valueToTree(evaluation);
        report.set("history", MAPPER.valueToTree(history));
        AtomicFiles.write(out.resolve(JSON), o -> MAPPER.writeValue(o, report));
        AtomicFiles.writeString(out.resolve(MARKDOWN), markdown(evaluation, history));
        List<Evaluation> run = history.stream().filter(e -> e.runId().equals(evaluation.runId()))
                .sorted(Comparator.comparingLong(Evaluation::step)).toList();
        plot(out.resolve(RETRIEVAL_PLOT), "Nearest-neighbour retrieval", "R@K", run, "retrieval.R@1", "retrieval.R@5",
                "retrieval.R@10");
        plot(out.resolve(LINEAR_PLOT), "Linear probes on frozen features", "accuracy", run, "linear.top1",
                "temporal_order.accuracy", "static_bias.background_top1");
        writePlot(out.resolve(LOSS_PLOT), "Training loss (InfoNCE) at each checkpoint", "loss", run,
                List.of(new Line("loss", e -> e.loss() == null ? Double.NaN : e.loss())));
    }

    private record Line(String name, ToDoubleFunction<Evaluation> value) {
    }

    private static void plot(Path file, String title, String yLabel, List<Evaluation> run, String... metrics)
            throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String metric : metrics) {
            if (run.stream().anyMatch(e -> e.metrics().containsKey(metric))) {
                lines.add(new Line(metric, e -> e.metrics().getOrDefault(metric, Double.NaN)));
            }
        }
        writePlot(file, title, yLabel, run, lines);
    }

    private static void writePlot(Path file, String title, String yLabel, List<Evaluation> run, List<Line> lines)
            throws IOException {
        LinePlot.Builder plot = LinePlot.builder().optTitle(title).optXLabel("training step").optYLabel(yLabel);
        double[] steps = run.stream().mapToDouble(Evaluation::step).toArray();
        for (Line line : lines) {
            plot.addSeries(line.name(), steps, run.stream().mapToDouble(line.value()).toArray());
        }
        plot.build().writePng(file);
    }

    static String markdown(Evaluation e, List<Evaluation> history) {
        Map<String, Double> m = e.metrics();
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation of step ").append(e.step()).append(" (run ").append(e.runId()).append(")\n\n");
        md.append("Checkpoint `").append(e.checkpoint()).append("`, backbone ").append(e.backbone()).append(", ")
                .append(e.pairsSeen()).append(" positive pairs seen, training loss ")
                .append(e.loss() == null ? "-" : String.format(Locale.ROOT, "%.4f", e.loss())).append(".\n")
                .append("Data: ").append(e.dataset()).append(". Frozen backbone features, BN in eval mode, no test-time "
                        + "jitter.\n\n");
        md.append("## Action recognition, linear probe (as the paper's Table 1, %)\n\n")
                .append("| Method | Backbone | Step | Top-1 | Top-5 |\n|---|---|---|---|---|\n")
                .append(row("S²VC (this run)", e.backbone(), e.step(), pct(m, "linear.top1"), pct(m, "linear.top5")));
        md.append("\n## Video retrieval (as the paper's Tables 2 and 3, %)\n\n")
                .append("R@k [95 % bootstrap interval over the test queries].\n\n")
                .append("| Method | Step | R@1 | R@5 | R@10 | R@20 | R@50 |\n|---|---|---|---|---|---|---|\n");
        for (Evaluation h : history) {
            if (h.runId().equals(e.runId())) {
                md.append(row("S²VC (this run)", h.step(), recall(h.metrics(), 1), recall(h.metrics(), 5),
                        recall(h.metrics(), 10), recall(h.metrics(), 20), recall(h.metrics(), 50)));
            }
        }
        if (m.containsKey("temporal_order.accuracy") || m.containsKey("static_bias.background_top1")) {
            md.append("\n## Motion and static bias (%)\n\n| Probe | Accuracy | Chance |\n|---|---|---|\n");
            if (m.containsKey("temporal_order.accuracy")) {
                md.append(row("natural vs frame-shuffled clips (Fig. 1; higher = more temporal)",
                        pct(m, "temporal_order.accuracy"), "50.0"));
            }
            if (m.containsKey("static_bias.background_top1")) {
                md.append(row("background family from the features (lower = less static bias)",
                        pct(m, "static_bias.background_top1"), pct(m, "static_bias.background_chance")));
            }
        }
        md.append("\nPlots: `retrieval.png`, `linear.png`, `loss.png` (against the training step).\n");
        return md.toString();
    }

    /** R@k in percent with its interval when the evaluation recorded one: "11.9 [7.5, 17.5]". */
    static String recall(Map<String, Double> metrics, int k) {
        String name = "retrieval.R@" + k;
        Double low = metrics.get(name + Evaluator.CI_LOW);
        Double high = metrics.get(name + Evaluator.CI_HIGH);
        if (low == null || high == null || !metrics.containsKey(name)) {
            return pct(metrics, name);
        }
        return new Bootstrap.Interval(metrics.get(name), low, high).percent();
    }

    private static String pct(Map<String, Double> metrics, String name) {
        Double v = metrics.get(name);
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    private static String row(Object... cells) {
        StringBuilder s = new StringBuilder("|");
        for (Object cell : cells) {
            s.append(' ').append(cell).append(" |");
        }
        return s.append('\n').toString();
    }
}
