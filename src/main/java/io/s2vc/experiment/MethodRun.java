package io.s2vc.experiment;

import ai.djl.ndarray.NDManager;
import io.s2vc.eval.Evaluation;
import io.s2vc.eval.Evaluator;
import io.s2vc.train.CorruptCheckpointException;
import io.s2vc.train.ModelCheckpoint;
import io.s2vc.train.OnlineTrainer;
import io.s2vc.train.StepResult;
import io.s2vc.train.TrainingPair;
import io.s2vc.train.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trains one method with one seed on the seed's stream, with the product's online trainer, until the
 * budget is spent, writing a model checkpoint every {@code evalEvery} steps and at the end and evaluating
 * each one with the product's evaluator.
 */
final class MethodRun {
    private MethodRun() {
    }

    static RunResult run(Method method, PairStream stream, KeyViewBank bank, TrainingSettings training,
            ExperimentSettings budget, Path runDir, Evaluator evaluator, NDManager manager, Consumer<String> progress)
            throws IOException {
        List<RunResult.Point> curve = new ArrayList<>();
        long trainNanos = 0;
        long pairs = 0;
        Double loss = null;
        PretextMeans pretext = new PretextMeans();
        String parent = null;
        String runId = method.id() + "-seed" + stream.seed();
        try (OnlineTrainer trainer = new OnlineTrainer(training, manager)) {
            // Step 0, the random-init encoder: the floor of every curve.
            parent = evaluate(trainer, runId, parent, loss, pretext, pairs, runDir, evaluator, curve, progress, method);
            while (!spent(budget, trainer.globalStep(), trainNanos) && !trainer.budgetSpent()) {
                PairStream.Item item = stream.get(pairs);
                var window = item.window();
                TrainingPair pair = new TrainingPair(window.videoId() + "#" + window.clipIndex() + "/" + item.pass(),
                        window.videoId(), method.trainedView(item.query()),
                        method.trainedView(bank.key(method, item.index(), item.pass() % bank.viewsPerWindow())));
                long start = System.nanoTime();
                Optional<StepResult> step = trainer.add(pair);
                trainNanos += System.nanoTime() - start;
                pairs++;
                if (step.isPresent() && !step.get().skipped()) {
                    loss = (double) step.get().loss();
                    pretext.add(step.get());
                    long s = step.get().step();
                    if (budget.evalEvery() > 0 && s % budget.evalEvery() == 0 && !spent(budget, s, trainNanos)) {
                        parent = evaluate(trainer, runId, parent, loss, pretext, pairs, runDir, evaluator, curve, progress,
                                method);
                    }
                }
            }
            if (curve.get(curve.size() - 1).step() != trainer.globalStep()) { // not when no step was taken
                evaluate(trainer, runId, parent, loss, pretext, pairs, runDir, evaluator, curve, progress, method);
            }
            return new RunResult(method.id(), stream.seed(), trainer.globalStep(), pairs, trainNanos / 1e9,
                    bank.suppressedFraction(method), curve);
        }
    }

    private static boolean spent(ExperimentSettings budget, long steps, long trainNanos) {
        return budget.budgetSteps() > 0 ? steps >= budget.budgetSteps() : trainNanos >= budget.budgetMinutes() * 60e9;
    }

    /** Checkpoints and evaluates the trainer's model; returns the checkpoint's name (the next one's parent). */
    private static String evaluate(OnlineTrainer trainer, String runId, String parent, Double loss,
            PretextMeans pretext, long pairs, Path runDir, Evaluator evaluator, List<RunResult.Point> curve, Consumer<String> progress, Method method)
            throws IOException {
        String name = ModelCheckpoint.folderName(trainer.globalStep());
        Path dir = runDir.resolve(name);
        ModelCheckpoint.write(trainer, dir, new ModelCheckpoint.Provenance(runId, trainer.settings().profile(), loss,
                pairs, parent, System.currentTimeMillis()));
        Evaluation evaluation;
        try {
            evaluation = evaluator.evaluate(dir);
        } catch (CorruptCheckpointException e) {
            throw new IOException("the checkpoint just written does not verify: " + e.getMessage(), e);
        }
        java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>(evaluation.metrics());
        pretext.drainInto(metrics);
        curve.add(new RunResult.Point(trainer.globalStep(), loss, metrics, evaluation.retrievalRanks()));
        progress.accept(String.format(Locale.ROOT, "%s seed %d: step %d loss %s pretext top-1 %.3f R@1 %.3f linear %.3f "
                        + "background %.3f", method.id(), trainer.settings().seed(), trainer.globalStep(),
                loss == null ? "-" : String.format(Locale.ROOT, "%.3f", loss),
                metrics.getOrDefault(PretextMeans.TOP1, Double.NaN),
                evaluation.metrics().getOrDefault("retrieval.R@1", Double.NaN),
                evaluation.metrics().getOrDefault("linear.top1", Double.NaN),
                evaluation.metrics().getOrDefault("static_bias.background_top1", Double.NaN)));
        return name;
    }

    /** The pretext's InfoNCE loss and top-1 (positive key ranked first) averaged over the steps since the last evaluation. */
    static final class PretextMeans {
        static final String LOSS = "pretext.loss";
        static final String TOP1 = "pretext.top1";
        private double loss;
        private double top1;
        private int steps;

        void add(StepResult step) {
            loss += step.loss();
            top1 += step.accuracy();
            steps++;
        }

        /** Adds the means (if any step was taken) to {@code metrics} and starts over. */
        void drainInto(java.util.Map<String, Double> metrics) {
            if (steps > 0) {
                metrics.put(LOSS, loss / steps);
                metrics.put(TOP1, top1 / steps);
            }
            loss = 0;
            top1 = 0;
            steps = 0;
        }
    }
}
