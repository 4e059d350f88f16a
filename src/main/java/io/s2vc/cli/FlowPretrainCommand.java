package io.s2vc.cli;

import ai.djl.ndarray.NDManager;
import io.s2vc.config.Config;
import io.s2vc.config.Devices;
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
                + "Settings: flow.arch, flow.pretrain.* (see conf/defaults.yaml).")
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
        FlowSpec spec = FlowSpec.byName(config.getString("flow.arch"));
        PretrainSettings settings = settings(config);
        Path runFolder = out != null ? out : common.work().resolve("flow").resolve(spec.name());
        ResumeMode mode = resume ? ResumeMode.REQUIRE : fresh ? ResumeMode.FRESH : ResumeMode.AUTO;
        if (mode == ResumeMode.REQUIRE && !new PretrainFolder(runFolder).hasCheckpoint()) {
            throw new UserException("nothing to resume: no pre-training run in " + runFolder);
        }
        int framesPerRead = config.getInt("flow.pretrain.frames_per_read", 1);
        try (Platform platform = new Platform(config, common.work());
                NDManager manager = NDManager.newBaseManager(Devices.fromConfig(config))) {
            FrameSource training;
            FrameSource heldOut;
            if (fromKafka) {
                training = kafkaSource(platform, config, spec, KafkaClipFrameSource.Role.TRAINING, framesPerRead);
                heldOut = kafkaSource(platform, config, spec, KafkaClipFrameSource.Role.HELD_OUT, framesPerRead);
            } else {
                Path root = data != null ? data
                        : GenerateCommand.ensureGenerated(config, GenerateCommand.defaultRoot(common.work()));
                PretrainVideos videos = PretrainVideos.of(root);
                int patchesFrom = config.getInt("flow.pretrain.patches_from_height", 0);
                training = videoSource(videos.training(), spec, settings.seed(), framesPerRead, patchesFrom);
                heldOut = videoSource(videos.heldOut(), spec, settings.seed(), framesPerRead, patchesFrom);
            }
            try (training; heldOut) {
                FlowModel model = FlowModel.create(spec,
                        new FlowInit(settings.seed(), (float) config.getDouble("flow.init_sigma", 0, 10), true), manager);
                String startWeights = config.getString("flow.weights");
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
                            .optMaxNonFiniteInARow(config.getInt("numerics.max_nonfinite_steps", 1))
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
                .optSeed(config.getLong("seed"))
                .optBatchSize(config.getInt("flow.pretrain.batch", 1))
                .optLearningRate(config.getDouble("flow.pretrain.lr", 1e-12, 10))
                .optEpochs(config.getInt("flow.pretrain.epochs", 1), config.getInt("flow.pretrain.steps_per_epoch", 1))
                .optTotalDecay(config.getDouble("flow.pretrain.lr_decay_total", 1e-12, 1))
                .optWarmup(config.getInt("flow.pretrain.warmup_epochs", 0), config.getDouble("flow.pretrain.warmup_factor", 1e-12, 1))
                .optAdam(config.getDouble("flow.pretrain.beta1", 0, 0.999999), config.getDouble("flow.pretrain.beta2", 0, 0.999999),
                        config.getDouble("flow.pretrain.eps", 1e-30, 1), config.getDouble("flow.pretrain.weight_decay", 0, 1))
                .optNoiseSigma(config.getDouble("flow.pretrain.noise_sigma", 0, 1))
                .optFlipProbability(config.getDouble("flow.pretrain.flip_p", 0, 1))
                .optPool(config.getInt("flow.pretrain.pool_frames", 1), config.getInt("flow.pretrain.reads_per_step", 0))
                .optHeldOutFrames(config.getInt("flow.pretrain.heldout_frames", 1))
                .optEvaluateEvery(config.getInt("flow.pretrain.eval_every", 1))
                .optCheckpointEvery(config.getInt("flow.pretrain.checkpoint_every", 1))
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
                .optSeed(config.getLong("seed"))
                .optFramesPerClip(framesPerRead)
                .optClipRecords(new ClipRecords(config.getInt("limits.max_frames", 2), config.getInt("limits.max_side", 1)))
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
