package io.s2vc.experiment;

import io.s2vc.config.Catalogue;
import ai.djl.ndarray.NDManager;
import io.s2vc.augment.ViewAugmenter;
import io.s2vc.config.Config;
import io.s2vc.eval.EvalData;
import io.s2vc.eval.EvalSettings;
import io.s2vc.eval.FineTune;
import io.s2vc.model.BackboneType;
import io.s2vc.model.Encoder;
import io.s2vc.video.Split;
import java.util.function.Consumer;

/**
 * The ceiling beside every self-supervised number: the profile's encoder from random weights, a linear layer and
 * cross-entropy, trained with labels on the views the contrastive model sees (crops of the training windows,
 * {@link AugmentedBatches}) and scored on the evaluation clips of the test split (softmax averaged over each video's
 * clips, as fine-tuning scores). On the synthetic set it also calibrates the benchmark: if a labelled encoder
 * cannot generalise from the training split, no comparison of self-supervised methods on it means anything.
 */
public final class SupervisedCeiling {
    /**
     * What the run did.
     *
     * @param trainTop1 top-1 on the training videos' evaluation clips
     * @param testTop1 top-1 on the test videos
     * @param chance 1 / classes
     */
    public record Result(String backbone, long steps, double learningRate, int batchSize, long skippedSteps,
            double trainTop1, double testTop1, double chance, double minutes) {
    }

    private SupervisedCeiling() {
    }

    /**
     * Trains for {@code steps} batches of {@code train.batch_size} crops of {@code windows} at a constant Adam rate
     * {@code learningRate} (coupled L2 {@code train.weight_decay}, no dropout, one rate for backbone and head).
     */
    public static Result run(Config config, TrainingWindows windows, EvalData evalData, ViewAugmenter augmenter,
            long steps, double learningRate, Consumer<String> progress) throws java.io.IOException {
        long start = System.nanoTime();
        EvalSettings eval = EvalSettings.from(config);
        BackboneType backbone = config.get(Catalogue.MOCO_BACKBONE);
        int batch = config.get(Catalogue.TRAIN_BATCH_SIZE);
        FineTune.Settings settings = new FineTune.Settings(1, learningRate, config.get(Catalogue.TRAIN_WEIGHT_DECAY),
                batch, new int[0], eval.seed(), 0, 1);
        FineTune.Result result;
        try (NDManager manager = NDManager.newBaseManager(config.get(Catalogue.DEVICE).resolve())) {
            Encoder encoder = Encoder.builder().setBackbone(backbone).optSeed(config.get(Catalogue.SEED)).build();
            encoder.initialize(manager);
            progress.accept("supervised ceiling: " + backbone.id() + " from random weights, " + steps + " steps of "
                    + batch + " crops of " + windows.size() + " training windows, lr " + learningRate);
            result = FineTune.train(encoder, new AugmentedBatches(windows, augmenter, batch, steps, config.get(Catalogue.SEED)),
                    step -> learningRate, evalData.videos(Split.TRAIN, progress), evalData.videos(Split.TEST, progress),
                    evalData.classes(), settings, manager);
        }
        return new Result(backbone.id(), result.steps(), learningRate, batch, result.skippedSteps(), result.trainTop1(),
                result.testTop1(), 1.0 / evalData.classes(), (System.nanoTime() - start) / 60e9);
    }
}
