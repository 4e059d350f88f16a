package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import ai.djl.ndarray.NDManager;
import io.s2vc.config.Config;
import io.s2vc.flow.FlowInit;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.flow.FlowWeights;
import io.s2vc.flow.pretrain.FlowPretrainer;
import io.s2vc.flow.pretrain.FrameSource;
import io.s2vc.flow.pretrain.HistoryPoint;
import io.s2vc.flow.pretrain.PretrainFolder;
import io.s2vc.flow.pretrain.PretrainListener;
import io.s2vc.flow.pretrain.PretrainManifest;
import io.s2vc.flow.pretrain.PretrainSettings;
import io.s2vc.flow.pretrain.PretrainVideos;
import io.s2vc.flow.pretrain.ResumeMode;
import io.s2vc.flow.pretrain.VideoFrameSource;
import io.s2vc.transport.KafkaClipFrameSource;
import io.s2vc.stream.runtime.Platform;
import io.s2vc.transport.avro.ClipRecords;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "flow-pretrain", mixinStandardHelpOptions = true,
        description = "Pre-train the normalizing flow by maximum likelihood (paper Eq. 2, AdvFlow's recipe) on frames "
                + "sampled from videos (a folder or a UCF101/HMDB51 root; default: the synthetic set, generated if "
                + "absent) or from the clips topic. Reports held-out bits/dim; writes flow.npz, checkpoints, "
                + "manifest.json and loss.png to the output folder, and resumes from a checkpoint found there. "
                + "Settings: flow.arch, flow.pretrain.* (see docs/configuration.md).")
final class FlowPretrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    CommonOptions common;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Video folder or UCF101/HMDB51 root (default: WORK/data/synthetic, generated if absent).")
    Path data;

    @Option(names = "--from-kafka",
            description = "Read clip windows from the clips topic instead of video files (test-split windows are held out).")
    boolean fromKafka;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Run folder (default: WORK/flow/<arch>).")
    Path out;

    @Option(names = "--resume", description = "Require a checkpoint in the run folder and continue it "
            + "(without this flag a checkpoint found there is continued too).")
    boolean resume;

    @Option(names = "--fresh", description = "Start afresh even if the run folder holds a checkpoint.")
    boolean fresh;

    @Option(names = "--stop-at", paramLabel = "STEP",
            description = "Stop (with a checkpoint) once STEP steps are done; a later run resumes from there.")
    Long stopAt;

    @Override
    public Integer call() throws Exception {
        if (resume && fresh) {
            throw new UserException("--resume and --fresh exclude each other");
        }
        if (stopAt != null && stopAt < 0) {
            throw new UserException("--stop-at must be >= 0");
        }
        if (fromKafka && data != null) {
            throw new UserException("--data and --from-kafka exclude each other");
        }
        Config config = common.config();
        FlowSpec spec = FlowSpec.byName(config.get(Catalogue.FLOW_ARCH));
        PretrainSettings settings = settings(config);
        Path runFolder = out != null ? out : common.work().resolve("flow").resolve(spec.name());
        ResumeMode mode = resume ? ResumeMode.REQUIRE : fresh ? ResumeMode.FRESH : ResumeMode.AUTO;
        if (mode == ResumeMode.REQUIRE && !new PretrainFolder(runFolder).hasCheckpoint()) {
            throw new UserException("nothing to resume: no pre-training run in " + runFolder);
        }
        int framesPerRead = config.get(Catalogue.FLOW_PRETRAIN_FRAMES_PER_READ);
        try (Platform platform = new Platform(config, common.work());
                NDManager manager = NDManager.newBaseManager(config.get(Catalogue.DEVICE).resolve())) {
            FrameSource training;
            FrameSource heldOut;
            if (fromKafka) {
                training = kafkaSource(platform, config, spec, KafkaClipFrameSource.Role.TRAINING, framesPerRead);
                heldOut = kafkaSource(platform, config, spec, KafkaClipFrameSource.Role.HELD_OUT, framesPerRead);
            } else {
                Path root = data != null ? data
                        : GenerateCommand.ensureGenerated(config, GenerateCommand.defaultRoot(common.work()));
                PretrainVideos videos = PretrainVideos.of(root);
                int patchesFrom = config.get(Catalogue.FLOW_PRETRAIN_PATCHES_FROM_HEIGHT);
                training = videoSource(videos.training(), spec, settings.seed(), framesPerRead, patchesFrom);
                heldOut = videoSource(videos.heldOut(), spec, settings.seed(), framesPerRead, patchesFrom);
            }
            try (training; heldOut) {
                FlowModel model = FlowModel.create(spec,
                        new FlowInit(settings.seed(), config.get(Catalogue.FLOW_INIT_SIGMA).floatValue(), true), manager);
                String startWeights = config.get(Catalogue.FLOW_WEIGHTS);
                if (!startWeights.isBlank()) {
                    FlowWeights.load(model, Path.of(startWeights));
                }
                long total = settings.schedule().totalSteps();
                PretrainManifest manifest;
                ProgressListener listener;
                try (ProgressBar bar = new ProgressBar("flow-pretrain " + spec.name(), total, "steps")) {
                    listener = new ProgressListener(bar);
                    manifest = FlowPretrainer.builder()
                            .setModel(model)
                            .setSettings(settings)
                            .setSource(training)
                            .setHeldOutSource(heldOut)
                            .setOutput(runFolder)
                            .optListener(listener)
                            .optResumeMode(mode)
                            .optMaxNonFiniteInARow(config.get(Catalogue.NUMERICS_MAX_NONFINITE_STEPS))
                            .build()
                            .run(stopAt != null ? stopAt : Long.MAX_VALUE);
                }
                printSummary(command.commandLine().getOut(), manifest, runFolder, listener);
            }
        }
        return 0;
    }

    /** The pre-training settings the configuration describes. */
    static PretrainSettings settings(Config config) {
        return PretrainSettings.builder()
                .optSeed(config.get(Catalogue.SEED))
                .optBatchSize(config.get(Catalogue.FLOW_PRETRAIN_BATCH))
                .optLearningRate(config.get(Catalogue.FLOW_PRETRAIN_LR))
                .optEpochs(config.get(Catalogue.FLOW_PRETRAIN_EPOCHS), config.get(Catalogue.FLOW_PRETRAIN_STEPS_PER_EPOCH))
                .optTotalDecay(config.get(Catalogue.FLOW_PRETRAIN_LR_DECAY_TOTAL))
                .optWarmup(config.get(Catalogue.FLOW_PRETRAIN_WARMUP_EPOCHS), config.get(Catalogue.FLOW_PRETRAIN_WARMUP_FACTOR))
                .optAdam(config.get(Catalogue.FLOW_PRETRAIN_BETA1), config.get(Catalogue.FLOW_PRETRAIN_BETA2),
                        config.get(Catalogue.FLOW_PRETRAIN_EPS), config.get(Catalogue.FLOW_PRETRAIN_WEIGHT_DECAY))
                .optNoiseSigma(config.get(Catalogue.FLOW_PRETRAIN_NOISE_SIGMA))
                .optFlipProbability(config.get(Catalogue.FLOW_PRETRAIN_FLIP_P))
                .optPool(config.get(Catalogue.FLOW_PRETRAIN_POOL_FRAMES), config.get(Catalogue.FLOW_PRETRAIN_READS_PER_STEP))
                .optHeldOutFrames(config.get(Catalogue.FLOW_PRETRAIN_HELDOUT_FRAMES))
                .optEvaluateEvery(config.get(Catalogue.FLOW_PRETRAIN_EVAL_EVERY))
                .optCheckpointEvery(config.get(Catalogue.FLOW_PRETRAIN_CHECKPOINT_EVERY))
                .build();
    }

    private static FrameSource videoSource(List<Path> videos, FlowSpec spec, long seed, int framesPerRead,
            int patchesFromHeight) {
        return VideoFrameSource.builder()
                .optPatchesFrom(patchesFromHeight)
                .setVideos(videos)
                .setFrameSize(spec.height(), spec.width())
                .optSeed(seed)
                .optFramesPerVideo(framesPerRead)
                .build();
    }

    private static FrameSource kafkaSource(Platform platform, Config config, FlowSpec spec,
            KafkaClipFrameSource.Role role, int framesPerRead) throws Exception {
        return KafkaClipFrameSource.builder()
                .setKafka(platform.kafka())
                .setFrameSize(spec.height(), spec.width())
                .optRole(role)
                .optSeed(config.get(Catalogue.SEED))
                .optFramesPerClip(framesPerRead)
                .optClipRecords(new ClipRecords(config.get(Catalogue.LIMITS_MAX_FRAMES), config.get(Catalogue.LIMITS_MAX_SIDE)))
                .build();
    }

    private static void printSummary(PrintWriter out, PretrainManifest manifest, Path runFolder,
            ProgressListener listener) {
        List<HistoryPoint> history = manifest.history();
        String curve = history.isEmpty() ? "" : String.format(Locale.ROOT, "held-out NLL %.3f → %.3f bits/dim",
                history.get(0).heldOutBitsPerDim(), manifest.lastHeldOutBitsPerDim());
        out.printf(Locale.ROOT, "flow-pretrain %s: step %d of %d (%d this run, %.0f s of training in all); %s%n",
                manifest.architecture().name(), manifest.step(), manifest.totalSteps(), listener.stepsThisRun,
                manifest.seconds(), curve);
        out.println("weights " + runFolder.resolve(manifest.weights()) + ", curve "
                + runFolder.resolve(PretrainFolder.LOSS_PLOT) + ", manifest " + runFolder.resolve("manifest.json"));
    }

    /** Shows loss, bits/dim and the last held-out score on the progress bar. */
    private static final class ProgressListener implements PretrainListener {
        private final ProgressBar bar;
        private String heldOut = "";
        private long stepsThisRun;

        ProgressListener(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public void started(long step, long totalSteps, boolean resumed) {
            bar.resumeFrom(step);
        }

        @Override
        public void stepped(long step, double loss, double bitsPerDim, double learningRate) {
            stepsThisRun++;
            bar.set(step, String.format(Locale.ROOT, "loss %.1f  %.3f bits/dim%s  lr %.2g", loss, bitsPerDim,
                    heldOut, learningRate));
        }

        @Override
        public void evaluated(HistoryPoint point) {
            heldOut = String.format(Locale.ROOT, "  held-out %.3f", point.heldOutBitsPerDim());
        }
    }
}
