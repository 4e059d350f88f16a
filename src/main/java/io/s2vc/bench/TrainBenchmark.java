package io.s2vc.bench;

import io.s2vc.config.Catalogue;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.config.Config;
import io.s2vc.model.EncoderFlops;
import io.s2vc.train.OnlineTrainer;
import io.s2vc.train.TrainingSettings;
import io.s2vc.util.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code s2vc bench train}: MoCo training throughput in pairs per second, for each case (a profile at a
 * batch size) twice in the same run, side by side:
 * <ul>
 * <li>{@code train.pairs_per_s}: the standalone loop, {@link OnlineTrainer#add} over pre-made uint8 pairs;
 * <li>{@code train_job.pairs_per_s}: the Flink job {@code train} fed from Kafka (one partition,
 * parallelism 1, Flink checkpoints every {@value #CHECKPOINT_INTERVAL_MS} ms, no periodic model
 * checkpoints), timed between pair arrivals after the same warm-up ({@link TrainJobTiming});
 * <li>{@code train_job.ratio_to_standalone}: the two rates' ratio, the cost of streaming.
 * </ul>
 * Both rate lines carry the achieved GFLOP/s ({@link EncoderFlops#perPair}) and the engine's fp32 matmul
 * peak ({@link EnginePeak}) measured right before the case. Before the cases, {@code train.rss_growth}:
 * resident memory along a long standalone run ({@link ProcessMemory}), whose claim is that it does not
 * grow.
 */
public final class TrainBenchmark {
    /**
     * Twice the default interval: rare enough for the small models, frequent enough that every timed
     * window has its share, as a long run would. For R3D-18 each checkpoint still holds the task thread
     * for seconds (about 0.5 GB of trainer state), which the ratio shows.
     */
    static final long CHECKPOINT_INTERVAL_MS = 10_000;

    /**
     * A setting (a profile and its overrides) at a batch size, with the work of its warm-up and of each
     * timed repeat in pairs (whole steps, at least one).
     */
    public record Case(String setting, String profile, int batch, int warmupPairs, int pairsPerRepeat,
            List<String> overrides) {
        public Case {
            if (batch < 1 || warmupPairs < 1 || pairsPerRepeat < 1) {
                throw new IllegalArgumentException("a training case needs batch, warm-up and repeat sizes >= 1");
            }
            overrides = List.copyOf(overrides);
        }

        public Case withBatch(int newBatch) {
            return new Case(setting, profile, newBatch, warmupPairs, pairsPerRepeat, overrides);
        }

        /** The reference script's name and selection of this case. */
        private String referenceName() {
            return "train." + profile + ".b" + batch;
        }

        private List<String> referenceArguments() {
            String b = String.valueOf(batch);
            return setting.equals("r3d18")
                    ? List.of("--cases", "train", "--r3d18-batches", b, "--tiny3d-batches", "")
                    : List.of("--cases", "train", "--r3d18-batches", "", "--tiny3d-batches", b);
        }

        public int warmupSteps() {
            return wholeSteps(warmupPairs);
        }

        public int stepsPerRepeat() {
            return wholeSteps(pairsPerRepeat);
        }

        private int wholeSteps(int pairs) {
            return (pairs + batch - 1) / batch;
        }
    }

    /** A standalone run of {@code steps} steps after the case's warm-up, sampling resident memory. */
    public record LongRun(Case c, int steps) {
        public LongRun {
            if (steps < 2) {
                throw new IllegalArgumentException("a long run needs at least 2 steps");
            }
        }
    }

    /** The paper's setting: R3D-18 on 16×112×112 views; a repeat of about 20 pairs (10 to 20 s on 2 cores). */
    public static Case r3d18(int batch) {
        return new Case("r3d18", "paper-r3d18", batch, 4, 20, List.of());
    }

    /**
     * The CPU profile: tiny3d on 8×48×48 views; a repeat of about 480 pairs (a few seconds). The warm-up of 6400
     * pairs (about 35 s) is for the job: in its first 40 s the JIT compilers took 11 CPU seconds of the 2 cores
     * compiling Flink's, Kafka's and Avro's paths, which a job that runs for days pays once. With 1600 pairs (10 s)
     * the timed windows still held 5 % of JIT time, and the two libtorch threads that shared the cores with it
     * spent 8–15 % more CPU a pair than standalone (2026-12-07: job / standalone 0.80–0.89 against 0.90–0.91).
     */
    public static Case cpuTiny(int batch) {
        return new Case("cpu-tiny", "cpu-tiny", batch, 6400, 480, List.of());
    }

    /** R3D-18 at batch 2, cpu-tiny at 16; {@code full} adds R3D-18 at batch 8 (about 3 s a step on 2 cores). */
    public static List<Case> defaultCases(boolean full) {
        List<Case> cases = new ArrayList<>();
        cases.add(r3d18(2));
        if (full) {
            cases.add(r3d18(8));
        }
        cases.add(cpuTiny(16));
        return cases;
    }

    private final Device device;
    private final List<Case> cases;
    private final int repeats;
    private final LongRun longRun;
    private final LongRun jobLongRun;
    private final Path work;
    private final List<String> overrides;
    private final boolean reference;
    private TorchReference torch;

    /**
     * @param longRun the resident-memory run, or {@code null} for none
     * @param work where the embedded Kafka, Flink and model checkpoints of this run go (deleted at the end)
     * @param overrides configuration overrides for every case, after the benchmark's own
     * @param reference whether each case's standalone rate is compared with plain PyTorch's, timed right after
     */
    public TrainBenchmark(Device device, List<Case> cases, int repeats, LongRun longRun, Path work,
            List<String> overrides, boolean reference) {
        this(device, cases, repeats, longRun, null, work, overrides, reference);
    }

    /** @param jobLongRun the resident-memory run of the Flink job (after the cases), or {@code null} for none */
    public TrainBenchmark(Device device, List<Case> cases, int repeats, LongRun longRun, LongRun jobLongRun, Path work,
            List<String> overrides, boolean reference) {
        if (repeats < 1 || (cases.isEmpty() && longRun == null && jobLongRun == null)) {
            throw new IllegalArgumentException("a training benchmark needs cases and at least one repeat");
        }
        this.device = device;
        this.cases = List.copyOf(cases);
        this.repeats = repeats;
        this.longRun = longRun;
        this.jobLongRun = jobLongRun;
        this.work = work;
        this.overrides = List.copyOf(overrides);
        this.reference = reference;
    }

    public void run(Consumer<Measurement> out) throws Exception {
        Files.createDirectories(work);
        Path scratch = Files.createTempDirectory(work, "bench-train-");
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Measurement peakLine = onOwnThread(() -> EnginePeak.measurement(manager, repeats));
            out.accept(peakLine);
            if (longRun != null) {
                // First, while the process is small: freed native memory stays resident (malloc keeps it), so
                // after an R3D-18 case a leak could grow into it for gigabytes without showing.
                out.accept(onOwnThread(() -> residentMemory(manager, longRun, scratch.resolve("long-run"))));
            }
            for (Case c : cases) {
                // The previous case's garbage (for R3D-18, gigabytes of state snapshots) is collected now,
                // not during this case; and the peak is measured again: on a shared host the load moves.
                System.gc();
                double peak = onOwnThread(() -> EnginePeak.measureGflops(manager));
                measure(manager, c, peak, scratch.resolve(c.setting() + "-b" + c.batch()), out);
            }
            if (jobLongRun != null) {
                System.gc();
                out.accept(jobResidentMemory(manager, jobLongRun, scratch.resolve("job-long-run")));
            }
        } finally {
            Folders.deleteRecursively(scratch);
        }
    }

    private void measure(NDManager manager, Case c, double peak, Path caseDir, Consumer<Measurement> out)
            throws Exception {
        Config config = config(c, caseDir);
        TrainingSettings settings = TrainingSettings.from(config, caseDir.resolve("checkpoints").toString());
        RandomPairs pairs = pairs(settings);
        // Standalone windows before and after the job's, so that a load that drifts over the minutes of a case
        // (on a shared host, the stolen share moves from 5 to 50 %) weighs on both sides alike.
        double[] standalone = new double[repeats];
        Map<String, Double> standaloneByThread = new TreeMap<>();
        double standaloneCpu = 0;
        double standaloneSteal = 0;
        TrainJobTiming.Result streaming = null;
        double snapshotMb;
        double snapshotSeconds;
        try (OnlineTrainer trainer = onOwnThread(() -> new OnlineTrainer(settings, manager))) {
            long index = onOwnThread(() -> train(trainer, pairs, 0, c.warmupSteps()));
            int before = (repeats + 1) / 2;
            for (int r = 0; r < repeats; r++) {
                if (r == before) {
                    streaming = TrainJobTiming.run(config, settings, caseDir.resolve("platform"), pairs,
                            c.warmupSteps(), c.stepsPerRepeat(), repeats);
                }
                TimedWindow window = standaloneWindow(trainer, pairs, index, c.stepsPerRepeat());
                index = window.nextIndex();
                standalone[r] = (double) c.stepsPerRepeat() * c.batch() / window.seconds();
                window.end().since(window.start())
                        .forEach((group, sec) -> standaloneByThread.merge(group, sec, Double::sum));
                standaloneCpu += cpuSeconds(window.start(), window.end());
                standaloneSteal += window.end().host().stealShareSince(window.start().host()) / repeats;
            }
            if (streaming == null) {
                streaming = TrainJobTiming.run(config, settings, caseDir.resolve("platform"), pairs,
                        c.warmupSteps(), c.stepsPerRepeat(), repeats);
            }
            // What each Flink checkpoint of the job holds training for: the trainer's state as bytes; on a thread of
            // its own like every libtorch call here (a pool left on the main thread slowed every later case by a
            // quarter: matmul peak 300 -> 215-222 GFLOP/s).
            long t0 = System.nanoTime();
            snapshotMb = onOwnThread(trainer::snapshot).length / (1024.0 * 1024.0);
            snapshotSeconds = (System.nanoTime() - t0) / 1e9;
        }
        double timedPairs = (double) repeats * c.stepsPerRepeat() * c.batch();

        // It initialises an encoder (zeros: a parallel fill), so it too runs on a thread that ends with it.
        double flopsPerPair = onOwnThread(() -> EncoderFlops.perPair(settings.backbone(), settings.embeddingSize(),
                new Shape(settings.clipFrames(), settings.viewSize(), settings.viewSize())));
        Map<String, Object> setup = setup(manager, c, settings);
        setup.put("warmup_steps", c.warmupSteps());
        setup.put("steps_per_repeat", c.stepsPerRepeat());
        Measurement loop = rate("train.pairs_per_s", standalone, setup, flopsPerPair, peak)
                .with("cpu_s_per_pair", standaloneCpu / timedPairs)
                .with("steal_share", standaloneSteal)
                .with("note", "standalone OnlineTrainer.add over pre-made uint8 pairs, half the windows before the "
                        + "job's and half after");
        ThreadCpu jobStart = streaming.cpuAtFirstMark();
        ThreadCpu jobEnd = streaming.cpuAtLastMark();
        Measurement job = rate("train_job.pairs_per_s", streaming.pairsPerSecond(), setup, flopsPerPair, peak)
                .with("cpu_s_per_pair", cpuSeconds(jobStart, jobEnd) / timedPairs)
                .with("steal_share", jobEnd.host().stealShareSince(jobStart.host()))
                .with("flink_checkpoints", streaming.checkpoints())
                .with("trainer_snapshot_s", snapshotSeconds)
                .with("trainer_snapshot_mb", snapshotMb)
                .with("checkpoint_interval_ms", config.get(Catalogue.FLINK_CHECKPOINT_INTERVAL_MS))
                .with("job_seconds", streaming.jobSeconds())
                .with("note", "Flink job train fed from Kafka, parallelism 1, timed between pair arrivals after the "
                        + "warm-up: job start-up, model build and final model checkpoint excluded");
        double[] ratio = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            ratio[r] = streaming.pairsPerSecond()[r] / loop.median();
        }
        out.accept(loop);
        out.accept(job);
        out.accept(new Measurement("train_job.cpu_split", "CPU s/pair", cpuSeconds(jobStart, jobEnd) / timedPairs)
                .with(setup)
                .with("job_by_thread", perPair(jobEnd.since(jobStart), timedPairs))
                .with("standalone_by_thread", perPair(standaloneByThread, timedPairs))
                .with("note", "CPU seconds per pair in the timed windows by kind of thread (ThreadCpu): the Flink task "
                        + "with its libtorch workers, JIT, GC, the embedded Kafka broker, the source's fetcher, "
                        + "Flink's runtime; beside the standalone loop's"));
        out.accept(new Measurement("train_job.ratio_to_standalone", "ratio", ratio).with(setup)
                .with("note", "each train_job repeat over the median standalone rate; 1 = streaming costs nothing"));
        if (reference) {
            if (torch == null) {
                torch = new TorchReference(EnginePeak.threads(manager), repeats);
            }
            torch.compare(loop, c.referenceName(), c.referenceArguments(), line -> line.with(setup), out);
        }
    }

    private static double cpuSeconds(ThreadCpu start, ThreadCpu end) {
        return (end.host().processCpuNanos() - start.host().processCpuNanos()) / 1e9;
    }

    private static Map<String, Double> perPair(Map<String, Double> seconds, double pairs) {
        Map<String, Double> rounded = new LinkedHashMap<>();
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> rounded.put(e.getKey(), Math.round(e.getValue() / pairs * 1e5) / 1e5));
        return rounded;
    }

    private static Measurement rate(String name, double[] pairsPerSecond, Map<String, Object> setup,
            double flopsPerPair, double peak) {
        Measurement m = new Measurement(name, "pairs/s", pairsPerSecond).with(setup);
        return m.with("gflops", m.median() * flopsPerPair / 1e9)
                .with("peak_gflops", peak)
                .with("gflop_per_pair", flopsPerPair / 1e9);
    }

    /** Process memory every few steps of a long standalone run, after its warm-up. */
    private Measurement residentMemory(NDManager manager, LongRun run, Path dir) throws Exception {
        Case c = run.c();
        TrainingSettings settings = TrainingSettings.from(config(c, dir), dir.resolve("checkpoints").toString());
        RandomPairs pairs = pairs(settings);
        int every = Math.max(1, run.steps() / 30);
        MemoryTrace trace = new MemoryTrace();
        try (OnlineTrainer trainer = new OnlineTrainer(settings, manager)) {
            long index = train(trainer, pairs, 0, c.warmupSteps());
            for (int step = 0; step < run.steps(); step += every) {
                trace.add(step, ProcessMemory.afterCollection());
                index = train(trainer, pairs, index, Math.min(every, run.steps() - step));
            }
            trace.add(run.steps(), ProcessMemory.afterCollection());
        }
        return memory("train.rss_growth", trace, setup(manager, c, settings), c, run, every,
                "least-squares slope over the second half of a standalone run of VmRSS sampled right after a garbage "
                        + "collection; 0 = no growth");
    }

    /** Process memory every few steps of a long run of the Flink job train, fed from Kafka while it runs. */
    private Measurement jobResidentMemory(NDManager manager, LongRun run, Path dir) throws Exception {
        Case c = run.c();
        Config config = config(c, dir);
        TrainingSettings settings = TrainingSettings.from(config, dir.resolve("checkpoints").toString());
        int every = Math.max(1, run.steps() / 30);
        MemoryTrace trace = TrainJobMemory.run(config, settings, dir.resolve("platform"), pairs(settings),
                c.warmupSteps(), run.steps(), every);
        return memory("train_job.rss_growth", trace, setup(manager, c, settings), c, run, every,
                "least-squares slope over the second half of a run of the Flink job train (the whole process: trainer, "
                        + "Flink, embedded Kafka) of the lowest VmRSS sampled every 250 ms in each interval (the floor "
                        + "between steps), steps read from the consumer group's committed offsets; 0 = no growth");
    }

    private static Measurement memory(String name, MemoryTrace trace, Map<String, Object> setup, Case c, LongRun run,
            int every, String note) {
        setup.put("warmup_steps", c.warmupSteps());
        ProcessMemory first = trace.first();
        ProcessMemory last = trace.last();
        return new Measurement(name, "MB/100 steps", trace.rssSlopePer100Steps()).with(setup)
                .with("steps", run.steps())
                .with("sample_every", every)
                .with("rss_start_mb", first.rssMb())
                .with("rss_end_mb", last.rssMb())
                .with("rss_max_mb", trace.maxRssMb())
                .with("direct_start_mb", first.directMb())
                .with("direct_end_mb", last.directMb())
                .with("heap_committed_start_mb", first.heapCommittedMb())
                .with("heap_committed_end_mb", last.heapCommittedMb())
                .with("native_growth_mb_per_100_steps", trace.nativeSlopePer100Steps())
                .with("rss_curve", trace.rssCurve())
                .with("heap_curve", trace.heapCurve())
                .with("note", note);
    }

    /** A timed window of the standalone loop: the CPU by thread at its ends, its wall time, the next pair's index. */
    private record TimedWindow(ThreadCpu start, ThreadCpu end, double seconds, long nextIndex) {
    }

    /**
     * {@link #train} on a thread of its own that ends with it (see {@link #onOwnThread}), with the CPU by thread
     * sampled on that thread: sampled outside, the thread and its libtorch workers would exist at neither end.
     */
    private static TimedWindow standaloneWindow(OnlineTrainer trainer, RandomPairs pairs, long index, int steps)
            throws Exception {
        return onOwnThread(() -> {
            ThreadCpu start = ThreadCpu.now();
            long t0 = System.nanoTime();
            long next = train(trainer, pairs, index, steps);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // The workers of this thread's pool end with it: sampled now, while they live, they count.
            return new TimedWindow(start, ThreadCpu.now(), seconds, next);
        });
    }

    /**
     * Runs {@code work} on a new thread and waits for it. libgomp keeps a thread pool for every thread that started
     * parallel work, until that thread ends, and once it manages more threads than there are CPUs, a thread waiting
     * at a barrier spins only 100 times before it sleeps (instead of about 3 ms): a pool left on this thread by the
     * standalone loop or the peak measurement would slow the Flink job measured after it.
     */
    static <T> T onOwnThread(java.util.concurrent.Callable<T> work) throws Exception {
        if (!Boolean.parseBoolean(System.getProperty("s2vc.bench.ownThread", "true"))) {
            return work.call();
        }
        java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, ThreadCpu.BENCH_THREAD);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** Trains {@code steps} whole batches on the pairs from {@code index}; returns the next index. */
    private static long train(OnlineTrainer trainer, RandomPairs pairs, long index, int steps) {
        long end = index + (long) steps * trainer.settings().batchSize();
        for (long i = index; i < end; i++) {
            trainer.add(pairs.get(i));
        }
        return end;
    }

    private static RandomPairs pairs(TrainingSettings settings) {
        return new RandomPairs(settings.batchSize(), settings.clipFrames(), settings.viewSize(), 7);
    }

    /**
     * The case's profile with its overrides, then the benchmark's (batch, device, a streaming setup of
     * its own: topics, one partition, parallelism 1, no periodic model checkpoints), then the caller's.
     */
    private Config config(Case c, Path dir) {
        String tag = c.setting() + "-b" + c.batch() + "-" + System.currentTimeMillis();
        List<String> all = new ArrayList<>(c.overrides());
        all.addAll(List.of("train.batch_size=" + c.batch(), Catalogue.DEVICE.key() + "=" + (device.isGpu() ? "gpu" : "cpu"),
                "kafka.topics.pairs=bench.train.pairs." + tag, "kafka.topics.checkpoints=bench.train.checkpoints." + tag,
                "kafka.topics.dead_letter=bench.train.dead-letter." + tag, "kafka.group_id=bench-train-" + tag,
                "kafka.partitions=1", "flink.parallelism=1", "flink.web_ui_port=0",
                "flink.checkpoint_interval_ms=" + CHECKPOINT_INTERVAL_MS, "train.checkpoint_every=0",
                "train.checkpoint_retain=1", "train.checkpoint_dir=" + dir.resolve("checkpoints")));
        all.addAll(overrides);
        return Config.load(c.profile(), all);
    }

    private Map<String, Object> setup(NDManager manager, Case c, TrainingSettings settings) {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("setting", c.setting());
        setup.put("profile", settings.profile());
        setup.put("backbone", settings.backbone().id());
        setup.put("batch", settings.batchSize());
        setup.put("frames", settings.clipFrames());
        setup.put("size", settings.viewSize());
        setup.put("queue", settings.queueSize());
        setup.put("device", Measurement.deviceName(device));
        setup.put("threads", EnginePeak.threads(manager));
        return setup;
    }
}
