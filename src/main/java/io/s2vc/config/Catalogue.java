package io.s2vc.config;

import static io.s2vc.config.ParamValidator.any;
import static io.s2vc.config.ParamValidator.atLeast;
import static io.s2vc.config.ParamValidator.between;
import static io.s2vc.config.ParamValidator.matches;
import static io.s2vc.config.ParamValidator.notBlank;
import static io.s2vc.config.ParamValidator.of;
import static io.s2vc.config.Source.OFFICIAL;
import static io.s2vc.config.Source.OURS;
import static io.s2vc.config.Source.PAPER;

import io.s2vc.flow.FlowSpec;
import io.s2vc.model.BackboneType;
import io.s2vc.suppress.SelectionMode;
import io.s2vc.suppress.SuppressionStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every setting of s2vc-stream, declared once with its type, default, allowed values, unit and source: "paper" = S²VC,
 * AAAI 2022; "official code" = the authors' code (a "§x.y" points into s2vc-official-code.md); "ours" = a choice or
 * measurement of this product. Profiles under {@code conf/} and {@code --set} change values; {@link Config#load}
 * checks every value against this catalogue before any work starts. {@code docs/configuration.md} is generated from it
 * ({@code s2vc config docs}).
 */
public final class Catalogue {
    private static final Map<String, Param<?>> ALL = new LinkedHashMap<>();

    /** The key prefix below which settings are free-form and passed to every Kafka client (security, SASL, SSL). */
    public static final String KAFKA_PROPERTIES = "kafka.properties.";

    /** The words of suppress.strategy and experiment.methods: none (plain MoCo key) or a strategy. */
    public static final String NO_SUPPRESSION = "none";
    private static final List<String> STRATEGIES = Stream.concat(Stream.of(NO_SUPPRESSION),
            Arrays.stream(SuppressionStrategy.values()).map(Param::wireName)).toList();
    private static final List<String> FLOWS = FlowSpec.NAMES;
    /** The word of experiment.methods for MoCo on one frame repeated (paper Fig. 6). */
    public static final String SCENE_ONLY_METHOD = "scene-only";
    private static final List<String> METHODS = Stream.concat(STRATEGIES.stream(), Stream.of(SCENE_ONLY_METHOD)).toList();

    // general
    public static final Param<String> PROFILE = add(Param.text("profile", "defaults", any())
            .from(OURS, "the profile's name, recorded in checkpoints and reports"));
    public static final Param<String> EXTENDS = add(Param.text("extends", "", any())
            .from(OURS, "in a profile file, the profile it builds on (a built-in name or a file); empty = "
                    + "defaults"));
    public static final Param<Long> SEED = add(Param.longInteger("seed", 0L, any())
            .from(OFFICIAL, "torch / random seeded with 0"));
    public static final Param<DeviceChoice> DEVICE = add(Param.choice("device", DeviceChoice.AUTO, DeviceChoice.class)
            .from(OURS, "auto | cpu | gpu; auto = the first GPU when DJL's engine sees one, else the CPU"));

    // numerics
    public static final Param<Integer> NUMERICS_MAX_NONFINITE_STEPS = add(
            Param.integer("numerics.max_nonfinite_steps", 3, atLeast(1)).in("steps")
            .from(OURS, "training steps in a row with a non-finite gradient (and a finite loss) after which "
                    + "flow pre-training and the MoCo trainer stop; each such step is skipped and counted "
                    + "(docs/troubleshooting.md)"));

    // clip
    public static final Param<Integer> CLIP_FRAMES = add(Param.integer("clip.frames", 16, atLeast(2)).in("frames")
            .from(PAPER, "paper / official README: seq_len 16"));
    public static final Param<Integer> CLIP_FRAME_STEP = add(
            Param.integer("clip.frame_step", 1, atLeast(1)).in("frames")
            .from(OFFICIAL, "--ds 1 (consecutive frames)"));
    public static final Param<Integer> CLIP_STRIDE = add(Param.integer("clip.stride", 8, atLeast(1)).in("frames")
            .from(OURS, "windows of a stream start every 8 frames (half-overlapping)"));

    // ingest
    public static final Param<Integer> INGEST_HEIGHT = add(Param.integer("ingest.height", 128, atLeast(8)).in("px")
            .from(OURS, "transport size. The official code decodes native 320x240; 128x171 is the usual UCF101 "
                    + "pre-processing and keeps a 16-frame record near 1 MB"));
    public static final Param<Integer> INGEST_WIDTH = add(Param.integer("ingest.width", 171, atLeast(8)).in("px")
            .from(OURS, "see ingest.height"));
    public static final Param<Integer> INGEST_THREADS = add(Param.integer("ingest.threads", 2, atLeast(1))
            .from(OURS, "parallel decoders (one per core here)"));
    public static final Param<Integer> INGEST_QUEUE_WINDOWS = add(
            Param.integer("ingest.queue_windows", 16, atLeast(1)).in("windows")
            .from(OURS, "windows buffered between decoders and the producer (bounds memory)"));
    public static final Param<Integer> INGEST_SPLIT = add(Param.integer("ingest.split", 1, between(1, 3))
            .from(OFFICIAL, "split 1 of UCF101 / HMDB51"));
    public static final Param<String> INGEST_SUBSET = add(
            Param.choice("ingest.subset", "train", List.of("train", "test", "all"))
            .from(OURS, "train | test | all"));

    // augment
    public static final Param<Integer> AUGMENT_SIZE = add(Param.integer("augment.size", 112, atLeast(8)).in("px")
            .from(PAPER, "paper / official: img_dim 112"));
    public static final Param<Integer> AUGMENT_INTERMEDIATE_SIZE = add(
            Param.integer("augment.intermediate_size", 224, atLeast(0)).in("px")
            .from(OFFICIAL, "crop -> 224 -> img_dim (two-stage resample); 0 = direct"));
    public static final Param<Double> AUGMENT_CROP_SCALE_MIN = add(
            Param.number("augment.crop_scale_min", 0.2, between(0.0, 1.0)).in("of the area")
            .from(OFFICIAL, "RandomResizedCrop scale (0.2, 1.0)"));
    public static final Param<Double> AUGMENT_CROP_SCALE_MAX = add(
            Param.number("augment.crop_scale_max", 1.0, between(0.0, 1.0)).in("of the area")
            .from(OFFICIAL, "RandomResizedCrop scale (0.2, 1.0)"));
    public static final Param<Double> AUGMENT_CROP_RATIO_MIN = add(
            Param.number("augment.crop_ratio_min", 0.75, between(0.01, 100.0)).in("width / height")
            .from(OFFICIAL, "ratio (3/4, 4/3)"));
    public static final Param<Double> AUGMENT_CROP_RATIO_MAX = add(
            Param.number("augment.crop_ratio_max", 1.3333333333, between(0.01, 100.0)).in("width / height")
            .from(OFFICIAL, "ratio (3/4, 4/3)"));
    public static final Param<Double> AUGMENT_FLIP_P = add(
            Param.number("augment.flip_p", 0.5, between(0.0, 1.0)).in("probability")
            .from(OFFICIAL, "horizontal flip p = 0.5, consistent over the clip"));
    public static final Param<Double> AUGMENT_JITTER_P = add(
            Param.number("augment.jitter_p", 0.8, between(0.0, 1.0)).in("probability")
            .from(OFFICIAL, "RandomApply p = 0.8 of ColorJitter, factors drawn per frame"));
    public static final Param<Double> AUGMENT_JITTER_BRIGHTNESS = add(
            Param.number("augment.jitter_brightness", 0.4, between(0.0, 1.0))
            .from(OFFICIAL, "ColorJitter(0.4, 0.4, 0.4, 0.1)"));
    public static final Param<Double> AUGMENT_JITTER_CONTRAST = add(
            Param.number("augment.jitter_contrast", 0.4, between(0.0, 1.0))
            .from(OFFICIAL, "ColorJitter(0.4, 0.4, 0.4, 0.1)"));
    public static final Param<Double> AUGMENT_JITTER_SATURATION = add(
            Param.number("augment.jitter_saturation", 0.4, between(0.0, 1.0))
            .from(OFFICIAL, "ColorJitter(0.4, 0.4, 0.4, 0.1)"));
    public static final Param<Double> AUGMENT_JITTER_HUE = add(
            Param.number("augment.jitter_hue", 0.1, between(0.0, 0.5))
            .from(OFFICIAL, "ColorJitter(0.4, 0.4, 0.4, 0.1)"));
    public static final Param<Boolean> AUGMENT_JITTER_CONSISTENT = add(Param.flag("augment.jitter_consistent", false)
            .from(OFFICIAL, "per_img=True, new factors and op order for every frame; paper: \"consistent for each "
                    + "frame\" (true: one jitter for the whole clip)"));
    public static final Param<Double> AUGMENT_GRAYSCALE_P = add(
            Param.number("augment.grayscale_p", 0.2, between(0.0, 1.0)).in("probability")
            .from(OFFICIAL, "RandomGrayscale p = 0.2, consistent"));
    public static final Param<Double> AUGMENT_BLUR_P = add(
            Param.number("augment.blur_p", 0.5, between(0.0, 1.0)).in("probability")
            .from(OFFICIAL, "RandomApply p = 0.5 GaussianBlur"));
    public static final Param<Double> AUGMENT_BLUR_SIGMA_MIN = add(
            Param.number("augment.blur_sigma_min", 0.1, between(0.0, 100.0)).in("px")
            .from(OFFICIAL, "sigma ~ U(0.1, 2.0)"));
    public static final Param<Double> AUGMENT_BLUR_SIGMA_MAX = add(
            Param.number("augment.blur_sigma_max", 2.0, between(0.0, 100.0)).in("px")
            .from(OFFICIAL, "sigma ~ U(0.1, 2.0)"));
    public static final Param<Integer> AUGMENT_BLUR_REFERENCE_SIZE = add(
            Param.integer("augment.blur_reference_size", 112, atLeast(0)).in("px")
            .from(OFFICIAL, "σ is drawn for the 112-px view; at another augment.size σ scales by size/112 (the same "
                    + "blur in scene terms); 0 = σ at the output size whatever it is"));

    // suppress: static-cue suppression of the key view (paper Eq. 3-5; official §2)
    public static final Param<String> SUPPRESS_STRATEGY = add(Param.choice("suppress.strategy", "zero", STRATEGIES)
            .from(PAPER, "paper / official default: zero the static latents. Also noise, shuffle-clip, "
                    + "shuffle-frame (paper Table 4), tfd (pixel-space baseline), none (plain MoCo key)"));
    public static final Param<Double> SUPPRESS_ALPHA = add(Param.number("suppress.alpha", 0.5, between(0.0, 1e6))
            .from(OFFICIAL, "--threshold 0.5 (threshold mode); a fraction in top mode"));
    public static final Param<SelectionMode> SUPPRESS_MODE = add(
            Param.choice("suppress.mode", SelectionMode.THRESHOLD, SelectionMode.class)
            .from(OFFICIAL, "official aug_type 1: std < alpha (strict); top = aug_type 2, keep top alpha*D"));
    public static final Param<Double> SUPPRESS_TFD_KEEP = add(
            Param.number("suppress.tfd_keep", 0.2, between(0.0, 1.0)).in("fraction")
            .from(PAPER, "TFD keeps the 20% pixels with the largest temporal std"));
    public static final Param<Boolean> SUPPRESS_KEEP_RESIDUAL = add(Param.flag("suppress.keep_residual", true)
            .from(OFFICIAL, "out = x + up(recon - down(x)) keeps the detail finer than the flow's size; false: out "
                    + "= up(recon), so fine scene texture cannot pass through suppression"));
    public static final Param<Integer> SUPPRESS_BATCH_SIZE = add(
            Param.integer("suppress.batch_size", 16, atLeast(1)).in("clips")
            .from(OURS, "clips per flow call (the official code runs all B*T frames of a batch)"));
    public static final Param<Long> SUPPRESS_MAX_WAIT_MS = add(
            Param.longInteger("suppress.max_wait_ms", 500L, atLeast(0L)).in("ms")
            .from(OURS, "longest a clip waits for its micro-batch to fill"));

    // moco: the contrastive model (paper Eq. 6; "§4.x" = official code, see s2vc-official-code.md)
    public static final Param<BackboneType> MOCO_BACKBONE = add(
            Param.choice("moco.backbone", BackboneType.R3D18, BackboneType.class)
            .from(OFFICIAL, "§4.1: Hara's 3D-ResNet-18 (512-d); also s3d (1024-d), tiny3d (ours, for CPUs)"));
    public static final Param<Integer> MOCO_EMBEDDING_SIZE = add(Param.integer("moco.embedding_size", 128, atLeast(1))
            .from(OFFICIAL, "§4.2: dim_out 128"));
    public static final Param<Integer> MOCO_QUEUE_SIZE = add(
            Param.integer("moco.queue_size", 2048, atLeast(1)).in("keys")
            .from(OFFICIAL, "§4.2: K = 2048 on UCF101/HMDB51 (16384 on Kinetics); need not divide by the batch"));
    public static final Param<Double> MOCO_MOMENTUM = add(Param.number("moco.momentum", 0.999, between(0.0, 1.0))
            .from(OFFICIAL, "§4.2: m = 0.999, parameters only, before every key forward"));
    public static final Param<Double> MOCO_TEMPERATURE = add(Param.number("moco.temperature", 0.07, between(1e-9, 1e9))
            .from(OFFICIAL, "§4.2: T = 0.07"));
    public static final Param<Boolean> MOCO_MASK_SAME_VIDEO = add(Param.flag("moco.mask_same_video", false)
            .from(OFFICIAL, "queued keys of the query's own video stay negatives (moco issue #146); true: they are "
                    + "left out of that query's logits"));
    public static final Param<Integer> MOCO_BN_GROUPS = add(Param.integer("moco.bn_groups", 1, atLeast(1)).in("groups")
            .from(OFFICIAL, "official single-GPU run: BN over the whole batch (shuffle-BN only in DDP, one group "
                    + "per GPU); G > 1: G groups with their own BN statistics, keys grouped apart from "
                    + "queries"));

    // train: the online trainer at the end of the augment job, or the job `train` on s2vc.pairs
    public static final Param<Boolean> TRAIN_ENABLED = add(Param.flag("train.enabled", true)
            .from(OURS, "`s2vc run` attaches the trainer to the augment job"));
    public static final Param<Integer> TRAIN_BATCH_SIZE = add(
            Param.integer("train.batch_size", 64, atLeast(2)).in("pairs")
            .from(OFFICIAL, "official README: batch 64 (the code's default is 32 per GPU)"));
    public static final Param<Double> TRAIN_LR = add(Param.number("train.lr", 1.0e-3, between(1e-12, 1e3))
            .from(OFFICIAL, "§4.3: Adam lr 1e-3"));
    public static final Param<Double> TRAIN_WEIGHT_DECAY = add(
            Param.number("train.weight_decay", 1.0e-5, between(0.0, 1.0))
            .from(OFFICIAL, "§4.3: coupled L2 (torch Adam's weight_decay), not AdamW"));
    public static final Param<Double> TRAIN_BETA1 = add(Param.number("train.beta1", 0.9, between(0.0, 0.999999))
            .from(OFFICIAL, "§4.3: torch defaults (0.9, 0.999), eps 1e-8"));
    public static final Param<Double> TRAIN_BETA2 = add(Param.number("train.beta2", 0.999, between(0.0, 0.999999999))
            .from(OFFICIAL, "§4.3: torch defaults (0.9, 0.999), eps 1e-8"));
    public static final Param<Double> TRAIN_EPS = add(Param.number("train.eps", 1.0e-8, between(1e-30, 1.0))
            .from(OFFICIAL, "§4.3: torch defaults (0.9, 0.999), eps 1e-8"));
    public static final Param<Integer> TRAIN_STEPS_PER_EPOCH = add(
            Param.integer("train.steps_per_epoch", 149, atLeast(1)).in("steps")
            .from(OURS, "a stream has no epochs: UCF101 split 1 has 9537 training videos, 149 batches of 64"));
    public static final Param<Integer> TRAIN_WARMUP_EPOCHS = add(
            Param.integer("train.warmup_epochs", 10, atLeast(0)).in("epochs")
            .from(OFFICIAL, "§4.3: linear warm-up over 10 epochs"));
    public static final Param<List<Long>> TRAIN_MILESTONE_EPOCHS = add(
            Param.ascending("train.milestone_epochs", List.of(400L, 450L)).in("epochs")
            .from(OFFICIAL, "§4.3: lr x decay at epochs 400 and 450 (comma-separated; empty = none)"));
    public static final Param<Double> TRAIN_DECAY = add(
            Param.number("train.decay", 0.1, between(1e-12, 1e3)).in("factor")
            .from(OFFICIAL, "§4.3: x 0.1 at each milestone"));
    public static final Param<Integer> TRAIN_CHECKPOINT_EVERY = add(
            Param.integer("train.checkpoint_every", 149, atLeast(0)).in("steps")
            .from(OFFICIAL, "a checkpoint every epoch (in steps)"));
    public static final Param<String> TRAIN_CHECKPOINT_DIR = add(Param.text("train.checkpoint_dir", "", any())
            .from(OURS, "any Flink FileSystem URI or a local folder; empty = WORK/checkpoints"));
    public static final Param<Integer> TRAIN_CHECKPOINT_RETAIN = add(
            Param.integer("train.checkpoint_retain", 5, atLeast(0)).in("checkpoints")
            .from(OURS, "newest model checkpoints kept (0 = keep all)"));
    public static final Param<String> TRAIN_RUN_ID = add(
            Param.text("train.run_id", "", matches("[A-Za-z0-9._-]*", "letters, digits, '.', '_' and '-'"))
            .from(OURS, "names the run in checkpoint events; empty = a new id, kept in Flink state"));
    public static final Param<Long> TRAIN_MAX_STEPS = add(
            Param.longInteger("train.max_steps", 0L, atLeast(0L)).in("steps")
            .from(OURS, "training budget in optimiser steps; the trainer checkpoints step N and ignores later "
                    + "pairs (`s2vc run` replays the data set until N x batch_size windows); 0 = unbounded"));
    public static final Param<Boolean> TRAIN_RESUME = add(Param.flag("train.resume", true)
            .from(OURS, "a trainer starting without Flink state continues the newest run of the checkpoint "
                    + "store from its newest checkpoint with trainer state (same run id, same step count)"));

    // run: `s2vc run`, the pipeline end to end on the embedded default
    public static final Param<Long> RUN_STEPS = add(Param.longInteger("run.steps", 0L, atLeast(0L)).in("steps")
            .from(OURS, "its training budget in optimiser steps when --steps is not given (0 = train.max_steps, "
                    + "which 0 leaves unbounded: one pass over the data set)"));

    // eval: the evaluate job and `s2vc eval` ("§5.x" = official code, see s2vc-official-code.md)
    public static final Param<String> EVAL_DATA = add(Param.text("eval.data", "", any())
            .from(OURS, "labelled data set root (UCF101/HMDB51 layout); empty = the synthetic set in WORK/data"));
    public static final Param<Integer> EVAL_SPLIT = add(Param.integer("eval.split", 1, between(1, 3))
            .from(OFFICIAL, "§5.2: split 1 (train = gallery, test = queries)"));
    public static final Param<Integer> EVAL_CLIPS_PER_VIDEO = add(
            Param.integer("eval.clips_per_video", 4, atLeast(1)).in("clips")
            .from(OURS, "evenly spaced windows, features averaged (§5.2 feeds all half-overlapping windows as "
                    + "one tensor; averaging clip features is the usual equivalent at a fixed clip length)"));
    public static final Param<Integer> EVAL_SIZE = add(Param.integer("eval.size", 112, atLeast(8)).in("px")
            .from(PAPER, "112, the pre-training size (§5.2 runs 224 because no flag is passed: a quirk)"));
    public static final Param<Integer> EVAL_BATCH_SIZE = add(
            Param.integer("eval.batch_size", 16, atLeast(1)).in("clips")
            .from(OURS, "clips per forward pass"));
    public static final Param<Integer> EVAL_MAX_VIDEOS_PER_SPLIT = add(
            Param.integer("eval.max_videos_per_split", 0, atLeast(0)).in("videos")
            .from(OURS, "cap on videos per split for quick runs (0 = all)"));
    public static final Param<Integer> EVAL_LINEAR_EPOCHS = add(
            Param.integer("eval.linear_epochs", 150, atLeast(1)).in("epochs")
            .from(OFFICIAL, "§5.3: 150 epochs"));
    public static final Param<Double> EVAL_LINEAR_LR = add(Param.number("eval.linear_lr", 1.0e-3, between(1e-12, 10.0))
            .from(OFFICIAL, "§5.3: Adam lr 1e-3 ..."));
    public static final Param<Double> EVAL_LINEAR_WEIGHT_DECAY = add(
            Param.number("eval.linear_weight_decay", 1.0e-3, between(0.0, 10.0))
            .from(OFFICIAL, "§5.3: ... wd 1e-3"));
    public static final Param<Integer> EVAL_LINEAR_BATCH = add(
            Param.integer("eval.linear_batch", 32, atLeast(1)).in("clips")
            .from(OFFICIAL, "§5.3: batch 32"));
    public static final Param<List<Long>> EVAL_LINEAR_MILESTONE_EPOCHS = add(
            Param.ascending("eval.linear_milestone_epochs", List.of(60L, 80L)).in("epochs")
            .from(OFFICIAL, "§5.3: x0.1 at epochs 60 and 80 (UCF101; 40,60 for HMDB51)"));
    public static final Param<Boolean> EVAL_TEMPORAL_ORDER = add(Param.flag("eval.temporal_order", true)
            .from(PAPER, "paper Fig. 1: natural vs frame-shuffled clips, linear classifier on frozen features"));
    public static final Param<Integer> EVAL_FINETUNE_EPOCHS = add(
            Param.integer("eval.finetune_epochs", 0, atLeast(0)).in("epochs")
            .from(OFFICIAL, "§5.4: full fine-tuning runs 400 epochs; 0 = off (ours: hours per checkpoint on a CPU)"));
    public static final Param<Double> EVAL_FINETUNE_LR = add(
            Param.number("eval.finetune_lr", 1.0e-3, between(1e-12, 10.0))
            .from(OFFICIAL, "§5.4: head lr 1e-3, backbone lr 1e-4 (lr/10); Adam wd 1e-3; dropout 0.9"));
    public static final Param<List<Long>> EVAL_FINETUNE_MILESTONE_EPOCHS = add(
            Param.ascending("eval.finetune_milestone_epochs", List.of(130L, 180L)).in("epochs")
            .from(OFFICIAL, "§5.4: x0.1 at epochs 130 and 180 (UCF101; 100,150 for HMDB51)"));
    public static final Param<Long> EVAL_SEED = add(Param.longInteger("eval.seed", 0L, any())
            .from(OURS, "probe initialisation, batch order and frame shuffles"));
    public static final Param<Long> EVAL_TIMEOUT_MINUTES = add(
            Param.longInteger("eval.timeout_minutes", 1440L, atLeast(1L)).in("min")
            .from(OURS, "longest one checkpoint's evaluation may take in the evaluate job"));
    public static final Param<Integer> EVAL_QUEUE_CAPACITY = add(
            Param.integer("eval.queue_capacity", 100, atLeast(1)).in("checkpoints")
            .from(OURS, "checkpoints waiting for evaluation, held in Flink state"));

    // synthetic
    public static final Param<Integer> SYNTHETIC_CLASSES = add(
            Param.integer("synthetic.classes", 8, atLeast(2)).in("classes")
            .from(OURS, "motion classes (>= 8)"));
    public static final Param<Integer> SYNTHETIC_TRAIN_PER_CLASS = add(
            Param.integer("synthetic.train_per_class", 144, atLeast(1)).in("videos")
            .from(OURS, "1152 train videos: with 576 a supervised tiny3d reached 36.9 % test top-1 against 61.3 "
                    + "% with 1152 (class-independent backgrounds, 3000 steps; docs/experiments.md)"));
    public static final Param<Integer> SYNTHETIC_TEST_PER_CLASS = add(
            Param.integer("synthetic.test_per_class", 20, atLeast(1)).in("videos")
            .from(OURS, "160 test queries (>= 150 so that R@1 has a usable interval)"));
    public static final Param<Integer> SYNTHETIC_FRAMES = add(
            Param.integer("synthetic.frames", 32, atLeast(2)).in("frames")
            .from(OURS, "frames per synthetic video"));
    public static final Param<Integer> SYNTHETIC_WIDTH = add(Param.integer("synthetic.width", 160, atLeast(16)).in("px")
            .from(OURS, "synthetic frame width"));
    public static final Param<Integer> SYNTHETIC_HEIGHT = add(
            Param.integer("synthetic.height", 120, atLeast(16)).in("px")
            .from(OURS, "synthetic frame height"));
    public static final Param<Double> SYNTHETIC_FPS = add(
            Param.number("synthetic.fps", 25, between(1.0, 240.0)).in("frames/s")
            .from(OURS, "frame rate written into the synthetic videos"));
    public static final Param<Integer> SYNTHETIC_FAMILIES = add(Param.integer("synthetic.families", 8, atLeast(2))
            .from(OURS, "background texture families"));
    public static final Param<Double> SYNTHETIC_BIAS = add(
            Param.number("synthetic.bias", 0.8, between(0.0, 1.0)).in("probability")
            .from(OURS, "P(background family = the class's family) in the train split"));
    public static final Param<Integer> SYNTHETIC_CLASSES_PER_APPEARANCE = add(
            Param.integer("synthetic.classes_per_appearance", 3, atLeast(1))
            .from(OURS, "with looks = 0, each object appearance moves in 3 classes (one video each)"));
    public static final Param<Integer> SYNTHETIC_LOOKS = add(Param.integer("synthetic.looks", 6, atLeast(0))
            .from(OURS, "a pool of N object looks (shape, colours, size, start angle and scale) shared by every "
                    + "class; each video draws one, so only motion (or background) tells videos of one look "
                    + "apart. 0 = no pool (one appearance per classes_per_appearance videos)"));
    public static final Param<Double> SYNTHETIC_OBJECT_SCALE = add(
            Param.number("synthetic.object_scale", 1.5, between(0.25, 2.5)).in("x")
            .from(OURS, "object size relative to the built-in range (radius 11-15% of the shorter side): at 1.5 "
                    + "the supervised ceiling rose from 61.3 % to 86.9 % test top-1 (docs/experiments.md)"));
    public static final Param<Integer> SYNTHETIC_HELDOUT_FAMILIES = add(
            Param.integer("synthetic.heldout_families", 0, atLeast(0))
            .from(OURS, "texture families used only in the test split"));
    public static final Param<Integer> SYNTHETIC_CAMERA_JITTER_PX = add(
            Param.integer("synthetic.camera_jitter_px", 0, atLeast(0)).in("px")
            .from(OURS, "per-frame camera shake in pixels (0 = off)"));

    // flow: the normalizing flow; "§1.x" = how the official code (S²VC / AdvFlow) does it
    public static final Param<String> FLOW_ARCH = add(Param.choice("flow.arch", "advflow-imagenet64", FLOWS)
            .from(OFFICIAL, "official (§1.2): AdvFlow's ImageNet 64x64 flow; cpu-tiny: cpu-tiny-32 (ours)"));
    public static final Param<String> FLOW_WEIGHTS = add(Param.text("flow.weights", "", any())
            .from(OURS, ".npz of flow weights (state-dict key names, §1.6); empty = none. flow-pretrain starts "
                    + "from them instead of a random init; flow encode/decode use them"));
    public static final Param<Double> FLOW_INIT_SIGMA = add(Param.number("flow.init_sigma", 0.03, between(0.0, 10.0))
            .from(OFFICIAL, "§1.7: trainable parameters ~ N(0, 0.03^2), last layer of every sub-net zero"));
    public static final Param<Integer> FLOW_PRETRAIN_BATCH = add(
            Param.integer("flow.pretrain.batch", 64, atLeast(1)).in("frames")
            .from(OFFICIAL, "§1.7: batch 64"));
    public static final Param<Double> FLOW_PRETRAIN_LR = add(
            Param.number("flow.pretrain.lr", 1.0e-4, between(1e-12, 10.0))
            .from(OFFICIAL, "§1.7: Adam lr 1e-4"));
    public static final Param<Double> FLOW_PRETRAIN_BETA1 = add(
            Param.number("flow.pretrain.beta1", 0.9, between(0.0, 0.999999))
            .from(OFFICIAL, "§1.7: betas (0.9, 0.999)"));
    public static final Param<Double> FLOW_PRETRAIN_BETA2 = add(
            Param.number("flow.pretrain.beta2", 0.999, between(0.0, 0.999999))
            .from(OFFICIAL, "§1.7: betas (0.9, 0.999)"));
    public static final Param<Double> FLOW_PRETRAIN_EPS = add(
            Param.number("flow.pretrain.eps", 1.0e-6, between(1e-30, 1.0))
            .from(OFFICIAL, "§1.7: eps 1e-6"));
    public static final Param<Double> FLOW_PRETRAIN_WEIGHT_DECAY = add(
            Param.number("flow.pretrain.weight_decay", 1.0e-5, between(0.0, 1.0))
            .from(OFFICIAL, "§1.7: coupled L2 (added to the gradient, torch Adam's weight_decay)"));
    public static final Param<Integer> FLOW_PRETRAIN_EPOCHS = add(
            Param.integer("flow.pretrain.epochs", 350, atLeast(1)).in("epochs")
            .from(OFFICIAL, "§1.7: 350 epochs ..."));
    public static final Param<Integer> FLOW_PRETRAIN_STEPS_PER_EPOCH = add(
            Param.integer("flow.pretrain.steps_per_epoch", 1024, atLeast(1)).in("steps")
            .from(OFFICIAL, "§1.7: ... of at most 1024 iterations"));
    public static final Param<Double> FLOW_PRETRAIN_LR_DECAY_TOTAL = add(
            Param.number("flow.pretrain.lr_decay_total", 0.01, between(1e-12, 1.0)).in("factor")
            .from(OFFICIAL, "§1.7: per-epoch exponential decay, gamma = 0.01^(1/epochs)"));
    public static final Param<Integer> FLOW_PRETRAIN_WARMUP_EPOCHS = add(
            Param.integer("flow.pretrain.warmup_epochs", 1, atLeast(0)).in("epochs")
            .from(OFFICIAL, "§1.7: one extra warm-up epoch (pre_low_lr = 1) ..."));
    public static final Param<Double> FLOW_PRETRAIN_WARMUP_FACTOR = add(
            Param.number("flow.pretrain.warmup_factor", 0.02, between(1e-12, 1.0)).in("factor")
            .from(OFFICIAL, "§1.7: ... at lr x 0.02"));
    public static final Param<Double> FLOW_PRETRAIN_NOISE_SIGMA = add(
            Param.number("flow.pretrain.noise_sigma", 0.02, between(0.0, 1.0))
            .from(OFFICIAL, "§1.7: additive Gaussian noise on training frames (add_image_noise); 0 = off"));
    public static final Param<Double> FLOW_PRETRAIN_FLIP_P = add(
            Param.number("flow.pretrain.flip_p", 0.5, between(0.0, 1.0)).in("probability")
            .from(OFFICIAL, "§1.7: random horizontal flip"));
    public static final Param<Integer> FLOW_PRETRAIN_POOL_FRAMES = add(
            Param.integer("flow.pretrain.pool_frames", 8192, atLeast(1)).in("frames")
            .from(OURS, "frames held in memory to draw batches from (moving sample of the source)"));
    public static final Param<Integer> FLOW_PRETRAIN_READS_PER_STEP = add(
            Param.integer("flow.pretrain.reads_per_step", 1, atLeast(0)).in("reads")
            .from(OURS, "source reads into the pool per step (one video's frames, or one clip window)"));
    public static final Param<Integer> FLOW_PRETRAIN_FRAMES_PER_READ = add(
            Param.integer("flow.pretrain.frames_per_read", 8, atLeast(1)).in("frames")
            .from(OURS, "frames taken from each video (or clip window) read"));
    public static final Param<Integer> FLOW_PRETRAIN_PATCHES_FROM_HEIGHT = add(
            Param.integer("flow.pretrain.patches_from_height", 0, atLeast(0)).in("px")
            .from(OURS, "0 = whole frames resized to the flow's size (AdvFlow: ImageNet frames at 64x64); H = a "
                    + "random flow-sized patch of each frame decoded H pixels high, for a flow that "
                    + "suppresses real footage tile by tile (`s2vc suppress --tiles`)"));
    public static final Param<Integer> FLOW_PRETRAIN_HELDOUT_FRAMES = add(
            Param.integer("flow.pretrain.heldout_frames", 1024, atLeast(1)).in("frames")
            .from(OURS, "fixed held-out set, drawn once (test split / every 10th video / test clips)"));
    public static final Param<Integer> FLOW_PRETRAIN_EVAL_EVERY = add(
            Param.integer("flow.pretrain.eval_every", 1024, atLeast(1)).in("steps")
            .from(OURS, "steps between held-out evaluations (one epoch)"));
    public static final Param<Integer> FLOW_PRETRAIN_CHECKPOINT_EVERY = add(
            Param.integer("flow.pretrain.checkpoint_every", 1024, atLeast(1)).in("steps")
            .from(OURS, "steps between checkpoints (weights, Adam state, pool, manifest)"));

    // kafka
    public static final Param<String> KAFKA_BOOTSTRAP_SERVERS = add(Param.text("kafka.bootstrap_servers", "", any())
            .from(OURS, "empty: start the embedded single-node KRaft broker in-process"));
    public static final Param<Integer> KAFKA_PARTITIONS = add(
            Param.integer("kafka.partitions", 3, atLeast(1)).in("partitions")
            .from(OURS, "partitions of every topic the product creates (clips spread over 2 cores with room for "
                    + "3 consumers)"));
    public static final Param<Integer> KAFKA_REPLICATION_FACTOR = add(
            Param.integer("kafka.replication_factor", 1, atLeast(1)).in("replicas")
            .from(OURS, "replicas of every topic the product creates (1 on the embedded single-node broker)"));
    public static final Param<Integer> KAFKA_MAX_MESSAGE_BYTES = add(
            Param.integer("kafka.max_message_bytes", 16777216, atLeast(1024)).in("bytes")
            .from(OURS, "16 MiB: clips of 1-3 MB with room to spare"));
    public static final Param<String> KAFKA_COMPRESSION = add(
            Param.choice("kafka.compression", "lz4", List.of("none", "gzip", "snappy", "lz4", "zstd"))
            .from(OURS, "producer compression of every topic (lz4: cheap on 2 cores)"));
    public static final Param<Delivery> KAFKA_DELIVERY = add(
            Param.choice("kafka.delivery", Delivery.AT_LEAST_ONCE, Delivery.class)
            .from(OURS, "at-least-once | exactly-once (transactional sink; read with read_committed)"));
    public static final Param<String> KAFKA_GROUP_ID = add(Param.text("kafka.group_id", "s2vc", notBlank())
            .from(OURS, "prefix of every consumer group (a job adds its own suffix)"));
    public static final Param<String> KAFKA_TOPICS_CLIPS = add(
            Param.text("kafka.topics.clips", "s2vc.clips", notBlank())
            .from(OURS, "decoded clip windows (ClipRecord)"));
    public static final Param<String> KAFKA_TOPICS_PAIRS = add(
            Param.text("kafka.topics.pairs", "s2vc.pairs", notBlank())
            .from(OURS, "positive pairs (PositivePair)"));
    public static final Param<String> KAFKA_TOPICS_CHECKPOINTS = add(
            Param.text("kafka.topics.checkpoints", "s2vc.checkpoints", notBlank())
            .from(OURS, "model checkpoint events (CheckpointEvent)"));
    public static final Param<String> KAFKA_TOPICS_METRICS = add(
            Param.text("kafka.topics.metrics", "s2vc.metrics", notBlank())
            .from(OURS, "evaluation reports (EvalReport)"));
    public static final Param<String> KAFKA_TOPICS_DEAD_LETTER = add(
            Param.text("kafka.topics.dead_letter", "s2vc.dead-letter", notBlank())
            .from(OURS, "records that could not be used, with a reason (DeadLetter)"));

    // flink
    public static final Param<Integer> FLINK_PARALLELISM = add(
            Param.integer("flink.parallelism", 2, atLeast(1)).in("slots")
            .from(OURS, "one slot per core"));
    public static final Param<Long> FLINK_CHECKPOINT_INTERVAL_MS = add(
            Param.longInteger("flink.checkpoint_interval_ms", 5000L, atLeast(10L)).in("ms")
            .from(OURS, "Flink checkpoint interval; a checkpoint commits Kafka offsets and transactions and "
                    + "snapshots the trainer"));
    public static final Param<Integer> FLINK_WEB_UI_PORT = add(
            Param.integer("flink.web_ui_port", 8081, between(0, 65535))
            .from(OURS, "embedded MiniCluster web UI on localhost; 0 picks a free port"));
    public static final Param<Integer> FLINK_EMBEDDED_TASK_MANAGERS = add(
            Param.integer("flink.embedded_task_managers", 1, atLeast(1))
            .from(OURS, "TaskManagers of the embedded MiniCluster (all in this JVM); bench scale uses 2"));
    public static final Param<String> FLINK_REST_ADDRESS = add(Param.text("flink.rest_address", "", any())
            .from(OURS, "host:port of an external Flink cluster's REST endpoint; empty = embedded"));
    public static final Param<String> FLINK_RESTORE_FROM = add(Param.text("flink.restore_from", "", any())
            .from(OURS, "a savepoint or retained checkpoint to start the jobs from (Flink's "
                    + "execution.savepoint.path); empty = none. Its folder (with _metadata) or a URI the "
                    + "JobManager reads; state that no operator of the job takes fails the job (uids must "
                    + "match). The evaluate job beside `s2vc run` starts without it"));

    // dead_letter
    public static final Param<Integer> DEAD_LETTER_MAX_PAYLOAD_BYTES = add(
            Param.integer("dead_letter.max_payload_bytes", 65536, atLeast(0)).in("bytes")
            .from(OURS, "payload kept in a DeadLetter record (the rest is cut)"));

    // limits: ours: records beyond these are dead-lettered as absurd
    public static final Param<Integer> LIMITS_MAX_FRAMES = add(
            Param.integer("limits.max_frames", 512, atLeast(2)).in("frames")
            .from(OURS, "records with more frames are dead-lettered as absurd"));
    public static final Param<Integer> LIMITS_MAX_SIDE = add(Param.integer("limits.max_side", 4096, atLeast(1)).in("px")
            .from(OURS, "records with a taller or wider frame are dead-lettered as absurd"));

    // bench
    public static final Param<Integer> BENCH_REPEATS = add(Param.integer("bench.repeats", 5, atLeast(1))
            .from(OURS, "timed repeats per benchmark case (medians are quoted)"));

    // experiment: s2vc experiment scene-bias: S²VC against MoCo on the same stream and budget
    public static final Param<Integer> EXPERIMENT_SEEDS = add(
            Param.integer("experiment.seeds", 3, atLeast(1)).in("runs")
            .from(OURS, "runs per method (the goal is judged on the mean of 3 seeds)"));
    public static final Param<String> EXPERIMENT_BUDGET = add(
            Param.text("experiment.budget", "1500", matches("(?i)\\s*(\\d+|\\d+(\\.\\d+)?\\s*(m|min))\\s*", "steps (300) or minutes (20m)"))
            .from(OURS, "optimiser steps per run (\"1500\"), or minutes of training per run (\"20m\"): S²VC's R@1 "
                    + "leaves the random-init floor between 500 and 1000 cpu-tiny steps (2.5 min of training "
                    + "at ~165 pairs/s, plus ~15 s per evaluation)"));
    public static final Param<Integer> EXPERIMENT_EVAL_EVERY = add(
            Param.integer("experiment.eval_every", 500, atLeast(0)).in("steps")
            .from(OURS, "evaluate every N steps and at the end (R@1 against step); 0 = at the end only"));
    public static final Param<List<Double>> EXPERIMENT_ALPHAS = add(
            Param.numbers("experiment.alphas", List.of(0.1, 0.3, 0.5, 0.7, 0.9), of(v -> v.stream().allMatch(a -> a >= 0 && a <= 1e6), "numbers in [0, 1e6], comma-separated"))
            .from(PAPER, "paper Fig. 3 (left) sweeps α of S²VC (set to 0); empty = no sweep"));
    public static final Param<List<String>> EXPERIMENT_METHODS = add(
            Param.choices("experiment.methods", List.of("none", "zero", "noise", "shuffle-clip", "shuffle-frame", "tfd"), METHODS)
            .from(PAPER, "paper Table 4 (none = MoCo with the plain key view); the S²VC strategies run at "
                    + "suppress.alpha; the scene-only baseline (scene-only: MoCo on one frame repeated, paper "
                    + "Fig. 6) runs besides (experiment.scene_only)"));
    public static final Param<Integer> EXPERIMENT_KEY_VIEWS_PER_WINDOW = add(
            Param.integer("experiment.key_views_per_window", 1, atLeast(0)).in("views")
            .from(OURS, "key views made (and suppressed) per training window, shared by all runs and passes "
                    + "(suppression costs ~10 training steps on a CPU, so it is paid once); 0 = one per pass "
                    + "of a step budget: fresh key views every pass"));
    public static final Param<String> EXPERIMENT_KEY_CLIP = add(
            Param.choice("experiment.key_clip", "independent", List.of("independent", "same"))
            .from(OFFICIAL, "official (§3.2 double_sample): the key clip is drawn independently from the same "
                    + "video; same = the query's own window"));
    public static final Param<Double> EXPERIMENT_ORACLE_MIN_R1 = add(
            Param.number("experiment.oracle_min_r1", 0.6, between(0.0, 1.0)).in("R@1")
            .from(OURS, "sanity check 1, the motion oracle (frame differences, no learning) must reach this "
                    + "R@1, or the classes are not shown learnable from motion and no winner is named"));
    public static final Param<Long> EXPERIMENT_SUPERVISED_STEPS = add(
            Param.longInteger("experiment.supervised_steps", 3000L, atLeast(0L)).in("steps")
            .from(OURS, "the supervised ceiling (the encoder trained with labels on the same crops, scored on "
                    + "the test split) runs first, beside every self-supervised number; 0 = off"));
    public static final Param<Double> EXPERIMENT_SUPERVISED_LR = add(
            Param.number("experiment.supervised_lr", 3.0e-4, between(1e-9, 1.0))
            .from(OURS, "constant Adam rate of that run (86.9 % test top-1 on the default set in 3000 steps)"));
    public static final Param<Double> EXPERIMENT_SCENE_ONLY_MARGIN = add(
            Param.number("experiment.scene_only_margin", 0.05, between(0.0, 1.0)).in("R@1")
            .from(OURS, "sanity check 2, MoCo on static clips (scene only, paper Fig. 6) may beat chance R@1 by "
                    + "at most this, or the test split has a static shortcut and no winner is named"));
    public static final Param<Boolean> EXPERIMENT_SCENE_ONLY = add(Param.flag("experiment.scene_only", true)
            .from(OURS, "the scene-only baseline (sanity check 2) runs besides the listed methods; false for "
                    + "ablations of one setting, where the data set's check is already known"));
    public static final Param<Boolean> EXPERIMENT_RESUME = add(Param.flag("experiment.resume", true)
            .from(OURS, "runs already in OUT/experiment.json trained with the same settings (a digest of every "
                    + "key that can change a run) are reused: an interrupted experiment continues, and "
                    + "methods or seeds can be added to a finished one; false = retrain everything"));

    private Catalogue() {
    }

    private static <T> Param<T> add(Param<T> param) {
        if (ALL.put(param.key(), param) != null) {
            throw new IllegalStateException("setting declared twice: " + param.key());
        }
        return param;
    }

    /** Problems between settings that each are allowed alone (a range whose minimum exceeds its maximum). */
    static List<String> checkTogether(Config config) {
        List<String> problems = new ArrayList<>();
        notAbove(config, AUGMENT_CROP_SCALE_MIN, AUGMENT_CROP_SCALE_MAX, problems);
        notAbove(config, AUGMENT_CROP_RATIO_MIN, AUGMENT_CROP_RATIO_MAX, problems);
        notAbove(config, AUGMENT_BLUR_SIGMA_MIN, AUGMENT_BLUR_SIGMA_MAX, problems);
        if (config.get(TRAIN_BATCH_SIZE) < 2 * config.get(MOCO_BN_GROUPS)) {
            problems.add("moco.bn_groups must leave at least 2 pairs per group (BN in training mode): "
                    + config.get(MOCO_BN_GROUPS) + " groups for train.batch_size " + config.get(TRAIN_BATCH_SIZE));
        }
        return problems;
    }

    private static void notAbove(Config config, Param<Double> min, Param<Double> max, List<String> problems) {
        if (config.get(min) > config.get(max)) {
            problems.add(min.key() + " (" + config.get(min) + ") must not exceed " + max.key() + " (" + config.get(max)
                    + ")");
        }
    }

    /** Every setting, in the order of the reference. */
    public static List<Param<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
    }

    /** The setting of {@code key}, or null. */
    public static Param<?> find(String key) {
        return ALL.get(key);
    }
}
