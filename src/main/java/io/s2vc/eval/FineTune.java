package io.s2vc.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.s2vc.nd.Autograd;
import io.s2vc.model.Encoder;
import io.s2vc.model.ImageNetNormalization;
import io.s2vc.model.MomentumUpdate;
import io.s2vc.model.SeededInitializer;
import io.s2vc.nd.ClipTensors;
import io.s2vc.nd.CoupledAdam;
import io.s2vc.nd.GradientGuard;
import io.s2vc.nd.ParameterBackup;
import io.s2vc.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Full fine-tuning (official §5.4), an option of the evaluation: the checkpoint's backbone (pooled
 * features, everything in training mode) → Dropout(0.9) → Linear(fs → classes), N(0, 0.01²) weights,
 * trained end to end with softmax cross-entropy; Adam with coupled L2 1e-3, the head at lr and the
 * backbone at lr/10, ×0.1 at each milestone epoch. Scored on the test videos with BN running
 * statistics, softmax averaged over each video's clips (top-1).
 *
 * <p>Differences from the official run, deliberately: it trains on the fixed evaluation clips (the
 * official code draws augmented training clips each epoch), and it changes the loaded backbone in
 * place (the caller discards it). Not thread-safe.
 */
public final class FineTune {
    /** Official §5.4: dropout 0.9 before the head. */
    public static final double OFFICIAL_DROPOUT = 0.9;
    /** Official §5.4: the backbone at lr/10. */
    public static final double OFFICIAL_BACKBONE_RATE_FACTOR = 0.1;

    /**
     * Epochs, head learning rate, weight decay, batch (clips), milestone epochs, seed (official: 400, 1e-3, 1e-3,
     * 32, 130/180), dropout before the head and the backbone's share of the learning rate (official 0.9 and 0.1;
     * the supervised sanity run trains from scratch with 0 and 1).
     */
    public record Settings(int epochs, double learningRate, double weightDecay, int batchSize, int[] milestoneEpochs,
            long seed, double dropout, double backboneRateFactor) implements java.io.Serializable {
        /** The official recipe's dropout and backbone rate. */
        public Settings(int epochs, double learningRate, double weightDecay, int batchSize, int[] milestoneEpochs, long seed) {
            this(epochs, learningRate, weightDecay, batchSize, milestoneEpochs, seed, OFFICIAL_DROPOUT,
                    OFFICIAL_BACKBONE_RATE_FACTOR);
        }

        public Settings {
            if (!(dropout >= 0 && dropout < 1) || !(backboneRateFactor >= 0)) {
                throw new IllegalArgumentException("dropout must be in [0, 1) and the backbone rate factor >= 0");
            }
        }
    }

    /** Top-1 accuracy (fraction of videos) on the training videos and on the test videos, both scored as the test is. */
    public record Result(double trainTop1, double testTop1, long steps, long skippedSteps) {
    }

    /** Training clips (T×H×W×3, the evaluation's size) and their class labels, one optimiser step's worth. */
    public record LabelledBatch(List<Clip> clips, int[] labels) {
        public LabelledBatch {
            if (clips.size() != labels.length || clips.size() < 2) {
                throw new IllegalArgumentException("a batch needs at least 2 clips (BN in training mode) and one label "
                        + "per clip, got " + clips.size() + " clips and " + labels.length + " labels");
            }
        }
    }

    private FineTune() {
    }

    /** Fine-tunes {@code encoder}'s backbone on the train videos and returns the test top-1 accuracy. */
    public static double trainAndTest(Encoder encoder, Iterable<EvalVideo> train, Iterable<EvalVideo> test, int classes,
            Settings settings, NDManager manager) {
        return train(encoder, train, test, classes, settings, manager, false).testTop1();
    }

    /**
     * Trains as {@link #trainAndTest} does and scores the training videos too (with {@code scoreTrain}): whether
     * the loop fits its data at all.
     */
    public static Result train(Encoder encoder, Iterable<EvalVideo> train, Iterable<EvalVideo> test, int classes,
            Settings settings, NDManager manager, boolean scoreTrain) {
        List<Clip> clips = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (EvalVideo video : train) {
            for (Clip clip : video.clips()) {
                clips.add(clip);
                labels.add(video.label());
            }
        }
        SplittableRandom order = new SplittableRandom(settings.seed());
        List<LabelledBatch> batches = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            double rate = settings.learningRate();
            for (int milestone : settings.milestoneEpochs()) {
                rate *= epoch >= milestone ? 0.1 : 1;
            }
            int[] keys = order.ints(0, Integer.MAX_VALUE).limit(clips.size()).toArray();
            Integer[] byKey = new Integer[clips.size()];
            for (int i = 0; i < byKey.length; i++) {
                byKey[i] = i;
            }
            java.util.Arrays.sort(byKey, java.util.Comparator.comparingInt(i -> keys[i]));
            for (int start = 0; start < byKey.length; start += settings.batchSize()) {
                int end = Math.min(byKey.length, start + settings.batchSize());
                if (end - start < 2) {
                    continue; // BN in training mode needs two samples
                }
                List<Clip> batch = new ArrayList<>();
                int[] batchLabels = new int[end - start];
                for (int i = start; i < end; i++) {
                    batch.add(clips.get(byKey[i]));
                    batchLabels[i - start] = labels.get(byKey[i]);
                }
                batches.add(new LabelledBatch(batch, batchLabels));
                rates.add(rate);
            }
        }
        return train(encoder, batches.iterator(), step -> rates.get((int) step), scoreTrain ? train : null, test, classes,
                settings, manager);
    }

    /**
     * Trains on a stream of labelled batches (for instance freshly augmented clips), one optimiser step per batch,
     * at the head rate {@code rateAtStep(step)} (0-based), then scores {@code scoredTrain} (if not null) and
     * {@code test} as {@link #trainAndTest} does. {@code settings.epochs()} and its milestones are not used.
     */
    public static Result train(Encoder encoder, java.util.Iterator<LabelledBatch> batches,
            java.util.function.LongToDoubleFunction rateAtStep, Iterable<EvalVideo> scoredTrain,
            Iterable<EvalVideo> test, int classes, Settings settings, NDManager manager) {
        try (NDManager model = manager.newSubManager()) {
            Linear head = Linear.builder().setUnits(classes).optBias(true).build();
            head.setInitializer(SeededInitializer.normal(0.01, settings.seed()), Parameter.Type.WEIGHT);
            head.initialize(model, DataType.FLOAT32, new Shape(1, encoder.featureSize()));
            PairList<String, Parameter> backboneParameters = MomentumUpdate.learnableParameters(encoder.backbone());
            for (Parameter p : backboneParameters.values()) {
                p.getArray().setRequiresGradient(true); // a loaded model's arrays come without gradients
            }
            CoupledAdam backboneAdam = CoupledAdam.builder().optWeightDecay(settings.weightDecay())
                    .build(backboneParameters, model);
            CoupledAdam headAdam = CoupledAdam.builder().optWeightDecay(settings.weightDecay())
                    .build(MomentumUpdate.learnableParameters(head), model);
            SplittableRandom random = new SplittableRandom(settings.seed());
            GradientGuard guard = new GradientGuard("fine-tuning", GradientGuard.DEFAULT_MAX_IN_A_ROW);
            long steps = 0;
            while (batches.hasNext()) {
                LabelledBatch batch = batches.next();
                double rate = rateAtStep.applyAsDouble(steps);
                try (NDManager scope = model.newSubManager()) {
                    ParameterBackup statistics = ParameterBackup.of(runningStatistics(encoder), scope);
                    step(encoder, head, batch.clips(), batch.labels(), random, model, classes, ++steps,
                            settings.dropout());
                    if (guard.admit(steps, backboneAdam, headAdam)) {
                        backboneAdam.step(rate * settings.backboneRateFactor());
                        headAdam.step(rate);
                    } else {
                        statistics.restore();
                    }
                }
            }
            double trainTop1 = scoredTrain != null ? test(encoder, head, scoredTrain, model, settings.batchSize())
                    : Double.NaN;
            return new Result(trainTop1, test(encoder, head, test, model, settings.batchSize()), steps,
                    guard.skippedSteps());
        }
    }

    private static List<Parameter> runningStatistics(Encoder encoder) {
        List<Parameter> statistics = new ArrayList<>();
        for (Parameter p : encoder.backbone().getParameters().values()) {
            if (!MomentumUpdate.isLearnable(p)) {
                statistics.add(p);
            }
        }
        return statistics;
    }

    private static void step(Encoder encoder, Linear head, List<Clip> batch, int[] labels, SplittableRandom random,
            NDManager model, int classes, long stepNumber, double dropout) {
        try (NDManager scope = model.newSubManager()) {
            zeroGradients(encoder, head, scope);
            NDArray x = ImageNetNormalization.apply(ClipTensors.toTensor(batch, scope));
            float[] keep = new float[batch.size() * encoder.featureSize()];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = random.nextDouble() < dropout ? 0f : (float) (1 / (1 - dropout));
            }
            NDArray mask = scope.create(keep, new Shape(batch.size(), encoder.featureSize()));
            NDArray oneHot = scope.create(labels).oneHot(classes);
            try (Autograd.Scope recording = Autograd.record()) {
                NDArray loss = loss(encoder, head, x, mask, oneHot);
                float value = loss.getFloat();
                if (!Float.isFinite(value)) {
                    throw new IllegalStateException("fine-tuning diverged at step " + stepNumber + " (loss " + value
                            + "); lower eval.finetune_lr");
                }
                Autograd.backward(loss);
            }
        }
    }

    /** Mean cross-entropy of the head on the masked (dropout) features of normalised clips, BN in training mode. */
    static NDArray loss(Encoder encoder, Linear head, NDArray x, NDArray mask, NDArray oneHot) {
        ParameterStore store = new ParameterStore(x.getManager(), false);
        NDArray features = encoder.features(store, x, true).mul(mask);
        NDArray logits = head.forward(store, new NDList(features), true).singletonOrThrow();
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    private static void zeroGradients(Encoder encoder, Linear head, NDManager scope) {
        try (Autograd.Scope ignored = Autograd.pause()) {
            for (var block : List.of(encoder.backbone(), head)) {
                for (Parameter p : MomentumUpdate.learnableParameters(block).values()) {
                    NDArray grad = p.getArray().getGradient();
                    grad.attach(scope);
                    grad.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
                }
            }
        }
    }

    private static double test(Encoder encoder, Linear head, Iterable<EvalVideo> test, NDManager model, int batchSize) {
        int correct = 0;
        int videos = 0;
        for (EvalVideo video : test) {
            double[] probability = null;
            List<Clip> clips = video.clips();
            for (int start = 0; start < clips.size(); start += batchSize) {
                List<Clip> batch = clips.subList(start, Math.min(clips.size(), start + batchSize));
                try (NDManager scope = model.newSubManager(); Autograd.Scope ignored = Autograd.pause()) {
                    NDArray x = ImageNetNormalization.apply(ClipTensors.toTensor(batch, scope));
                    NDArray features = encoder.features(x);
                    NDArray p = head.forward(new ParameterStore(scope, false), new NDList(features), false)
                            .singletonOrThrow().softmax(1).sum(new int[] {0});
                    float[] sums = p.toFloatArray();
                    probability = probability == null ? new double[sums.length] : probability;
                    for (int c = 0; c < sums.length; c++) {
                        probability[c] += sums[c];
                    }
                }
            }
            int best = 0;
            for (int c = 1; c < probability.length; c++) {
                best = probability[c] > probability[best] ? c : best;
            }
            correct += best == video.label() ? 1 : 0;
            videos++;
        }
        return (double) correct / videos;
    }
}
