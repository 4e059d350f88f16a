package io.s2vc.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s2vc.avro.CheckpointEvent;
import io.s2vc.config.Config;
import io.s2vc.transport.KafkaSettings;
import io.s2vc.transport.avro.Codecs;
import io.s2vc.testing.ChildProcess;
import io.s2vc.testing.SessionCluster;
import io.s2vc.testing.TopicReader;
import io.s2vc.train.PairsDigest;
import io.s2vc.util.Folders;
import io.s2vc.video.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster path with real processes and no Docker: a Kafka broker in its own JVM, a Flink session
 * cluster (JobManager and two TaskManagers, each a JVM), and the launchers of jobs/ submitting the shaded
 * jar through Flink's REST API. The augment job (suppression at parallelism 2, spread over both
 * TaskManagers) trains online (parallelism 1) while a TaskManager is killed (SIGKILL) after a completed
 * Flink checkpoint and a new one is started: the job recovers, and the trainer's ledger (pairs seen and
 * the digest of their ids, on the transactional checkpoint events) shows every clip that was ingested
 * trained on exactly once. A job run before it on the same TaskManager JVMs, and the evaluate job after
 * it, show that DJL's natives load once per JVM (parent-first ai.djl), not once per job.
 *
 * <p>Runs in failsafe's integration-test phase, after the jar is shaded. Logs: target/cluster-it/logs.
 */
class ClusterRecoveryIT {
    private static final Path DIR = Path.of("target", "cluster-it").toAbsolutePath();
    private static final Path LOGS = DIR.resolve("logs");
    private static final int ROUNDS = 3;
    private static final int VIDEOS_PER_ROUND = 4;
    /** 40 frames, windows of 8 frames every 2nd frame, a window every 8 frames: 4 windows per video. */
    private static final int WINDOWS_PER_VIDEO = 4;
    private static final int WINDOWS = ROUNDS * VIDEOS_PER_ROUND * WINDOWS_PER_VIDEO;
    private static final int BATCH = 4;

    private static final List<ChildProcess> processes = new ArrayList<>();
    private static ChildProcess broker;
    private static SessionCluster cluster;
    private static ChildProcess firstTaskManager;
    private static String bootstrap;
    private static Path jobConf;

    @BeforeAll
    static void startKafkaAndFlink() throws Exception {
        Folders.deleteRecursively(DIR);
        Files.createDirectories(DIR);
        try {
            int kafkaPort = SessionCluster.freePort();
            bootstrap = "127.0.0.1:" + kafkaPort;
            broker = ChildProcess.start("kafka", ChildProcess.testClasspath(), nativeOptions("-Xmx512m"),
                    "io.s2vc.cli.Main", List.of("broker", "--port", String.valueOf(kafkaPort), "--work",
                            DIR.resolve("kafka").toString()), LOGS);
            processes.add(broker);
            broker.await("'Kafka broker ready'", Duration.ofMinutes(2),
                    () -> broker.output().contains("Kafka broker ready"));

            Map<String, String> flink = new LinkedHashMap<>();
            // DJL's natives can be loaded by one classloader per JVM only (DJL issue #3045): DJL comes from
            // Flink's lib/ (here the TaskManager's classpath), parent-first, and is shared by every job.
            flink.put("classloader.parent-first-patterns.additional", "ai.djl.;org.bytedeco.");
            flink.put("rest.server.max-content-length", "536870912"); // the shaded jar is ~260 MB; default 100 MB
            // One slot each: the job (parallelism 2) spans both TaskManagers, and after one is lost it can run
            // again only on the new one.
            flink.put("taskmanager.numberOfTaskSlots", "1");
            flink.put("restart-strategy.type", "fixed-delay");
            flink.put("restart-strategy.fixed-delay.attempts", "30");
            flink.put("restart-strategy.fixed-delay.delay", "2 s");
            flink.put("heartbeat.interval", "2000");
            flink.put("heartbeat.timeout", "60000"); // a killed TaskManager is noticed by failed heartbeat RPCs first
            cluster = new SessionCluster(DIR.resolve("flink"), flink, nativeOptions());
            cluster.startJobManager();
            firstTaskManager = cluster.startTaskManager("taskmanager-1");
            cluster.startTaskManager("taskmanager-2");

            jobConf = DIR.resolve("job.yaml");
            Files.writeString(jobConf, """
                    extends: cpu-tiny
                    moco:
                      queue_size: 32
                    train:
                      batch_size: %d
                      checkpoint_every: 1
                      checkpoint_retain: 0
                    kafka:
                      delivery: exactly-once
                      partitions: 2
                    flink:
                      parallelism: 2
                      checkpoint_interval_ms: 1000
                    """.formatted(BATCH));
        } catch (Throwable t) {
            stopAll();
            throw t;
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            for (ChildProcess p : processes) {
                p.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** Offline DJL and the native caches of the build, for every process. */
    private static List<String> nativeOptions(String... more) {
        List<String> options = new ArrayList<>(List.of("-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir")));
        options.addAll(List.of(more));
        return options;
    }

    /** Starts a launcher of jobs/ with the cluster's addresses and the job's conf file. */
    private static ChildProcess launcher(String name, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("jobs", script).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Map<String, String> env = Map.of("S2VC_JAR", System.getProperty("s2vc.jar"), "KAFKA_BOOTSTRAP", bootstrap,
                "FLINK_REST", cluster.restAddress(), "S2VC_CONF", jobConf.toString(),
                "S2VC_WORK", DIR.resolve("work").toString(), "S2VC_CACHE_DIR", System.getProperty("test.cache.dir"),
                "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ChildProcess p = ChildProcess.command(name, command, env, LOGS);
        processes.add(p);
        return p;
    }

    /** Runs a launcher to its end and checks that it succeeded. */
    private static ChildProcess runLauncher(String name, String script, String... args) throws Exception {
        ChildProcess p = launcher(name, script, args);
        int code = p.awaitExit(Duration.ofMinutes(6));
        assertEquals(0, code, name + " failed:\n" + p.tail());
        return p;
    }

    @Test
    void trainingSurvivesALostTaskManagerWithoutLosingOrRepeatingAPair() throws Exception {
        Path data = DIR.resolve("data");
        SyntheticDataset.builder().setSeed(11).optClasses(2).optFamilies(2).optClassesPerAppearance(2)
                .optTrainVideosPerClass(ROUNDS * VIDEOS_PER_ROUND / 2).optTestVideosPerClass(1).optFrames(40)
                .optFrameSize(64, 48).optThreads(1).build().generate(data);
        List<String> videos;
        try (Stream<String> lines = Files.lines(data.resolve("ucfTrainTestlist").resolve("trainlist01.txt"))) {
            videos = lines.filter(l -> !l.isBlank())
                    .map(l -> data.resolve("UCF-101").resolve(l.split(" ")[0]).toString()).toList();
        }
        assertEquals(ROUNDS * VIDEOS_PER_ROUND, videos.size());
        KafkaSettings kafka = new KafkaSettings(bootstrap, Config.load(jobConf.toString(), List.of()));

        assertTrue(runLauncher("topics", "topics.sh").output().contains("topics on " + bootstrap));
        ingest(videos, 0);
        runLauncher("flow-pretrain", "flow-pretrain.sh", "--data", data.toString(), "--stop-at", "2",
                "--set", "flow.pretrain.heldout_frames=64", "--set", "flow.pretrain.pool_frames=256",
                "--set", "flow.pretrain.eval_every=2");

        // A first job on both TaskManagers: DJL loads there now, and must not be loaded again by the next job.
        runLauncher("augment-train-warmup", "augment-train.sh", "--max-records", "4", "--set", "kafka.group_id=warmup",
                "--set", "kafka.topics.pairs=warmup.pairs", "--set", "kafka.topics.checkpoints=warmup.checkpoints",
                "--checkpoint-dir", DIR.resolve("warmup-checkpoints").toString());

        ChildProcess job = launcher("augment-train", "augment-train.sh", "--until-idle", "45");
        String jobId = awaitRunningJob(job);
        assertSuppressionSpreadOverTwoTaskManagers(jobId);

        // Kill a TaskManager once training has been checkpointed (an event is committed only with a completed
        // Flink checkpoint) and while pairs of the second round are on their way; the job can resume only on
        // the TaskManager started after it.
        List<CheckpointEvent> beforeKill = committedEvents(kafka, 2, Duration.ofMinutes(4)); // the floor and a step
        long completedCheckpoints = cluster.get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
        assertTrue(completedCheckpoints >= 1, "a completed Flink checkpoint before the kill");
        ingest(videos, 1);
        firstTaskManager.close();
        long stepAtKill = beforeKill.get(beforeKill.size() - 1).getStep();
        ingest(videos, 2); // before the job can resume, so that it never sits idle long enough to be drained
        cluster.startTaskManager("taskmanager-3");

        int code = job.awaitExit(Duration.ofMinutes(10));
        assertEquals(0, code, "augment-train failed:\n" + job.tail());
        assertTrue(cluster.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").size() >= 1,
                "the job failed over when its TaskManager was lost");

        // The ledger: what was ingested, what the job produced, and what the trainer consumed.
        List<String> ingested = TopicReader.read(kafka, kafka.topics().clips(), WINDOWS, Duration.ofSeconds(60)).stream()
                .map(r -> Codecs.clipWindow().decode(r.value()))
                .map(w -> w.getVideoId() + "#" + w.getClipIndex()).toList();
        assertEquals(WINDOWS, ingested.size());
        assertEquals(WINDOWS, new HashSet<>(ingested).size(), "every window ingested once");
        List<String> pairs = TopicReader.read(kafka, kafka.topics().pairs(), WINDOWS, Duration.ofSeconds(60)).stream()
                .map(r -> Codecs.positivePair().decode(r.value()))
                .map(p -> p.getVideoId() + "#" + p.getClipIndex()).toList();
        assertEquals(new TreeSet<>(ingested), new TreeSet<>(pairs), "a pair of every window");
        assertEquals(WINDOWS, pairs.size(), "and only one (read_committed)");

        List<CheckpointEvent> events = committedEvents(kafka, WINDOWS / BATCH + 1, Duration.ofSeconds(60));
        assertEquals(steps(0, WINDOWS / BATCH), events.stream().map(CheckpointEvent::getStep).toList(),
                "one committed event per step, none repeated");
        CheckpointEvent last = events.get(events.size() - 1);
        assertTrue(stepAtKill >= 1 && stepAtKill < last.getStep(),
                "killed mid-training: step " + stepAtKill + " of " + last.getStep());
        assertEquals(WINDOWS, last.getPairsSeen(), "pairs trained on");
        assertEquals(PairsDigest.of(ingested), last.getPairsDigest(), "exactly the ingested windows, each once");

        assertTrue(taskManagerLogs().contains("trainer restored at step"), "restored from Flink state, not from scratch");

        // The evaluate launcher: the run's first model checkpoint (step 0, the random-init floor), evaluated by a job
        // on the TaskManagers.
        runLauncher("evaluate", "evaluate.sh", "--data", data.toString(), "--max-records", "1",
                "--set", "eval.linear_epochs=2", "--set", "eval.clips_per_video=1");
        String report = Files.readString(DIR.resolve("work").resolve("reports").resolve("report.md"));
        assertTrue(report.contains("# Evaluation of step 0 (run " + last.getRunId() + ")"), report);

        assertFalse(taskManagerLogs().contains("already loaded in another classloader"),
                "DJL natives loaded once per TaskManager JVM, by every job and restart");
    }

    private static List<Long> steps(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    private static void ingest(List<String> videos, int round) throws Exception {
        List<String> args = new ArrayList<>(videos.subList(round * VIDEOS_PER_ROUND, (round + 1) * VIDEOS_PER_ROUND));
        runLauncher("ingest-" + round, "ingest.sh", args.toArray(String[]::new));
    }

    private static List<CheckpointEvent> committedEvents(KafkaSettings kafka, int atLeast, Duration timeout) {
        return TopicReader.read(kafka, kafka.topics().checkpoints(), atLeast, timeout).stream()
                .map(r -> Codecs.checkpointEvent().decode(r.value())).toList();
    }

    /** Whether every operator of the job runs (its tasks are deployed, so placed on TaskManagers). */
    private static boolean allTasksRunning(String jobId) {
        JsonNode job = cluster.getOrNull("/jobs/" + jobId);
        if (job == null) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** The id of the 'augment' job the launcher submitted, once all its tasks run (the warm-up has finished). */
    private static String awaitRunningJob(ChildProcess launcher) throws Exception {
        String[] id = new String[1];
        launcher.await("a running augment job", Duration.ofMinutes(4), () -> {
            JsonNode jobs = cluster.getOrNull("/jobs/overview");
            if (jobs != null) {
                for (JsonNode j : jobs.path("jobs")) {
                    if (j.path("name").asText().equals("augment") && j.path("state").asText().equals("RUNNING")) {
                        id[0] = j.path("jid").asText();
                        return allTasksRunning(id[0]);
                    }
                }
            }
            return false;
        });
        return id[0];
    }

    /** Some operator runs at parallelism 2 with a subtask on each TaskManager, the trainer at parallelism 1. */
    private static void assertSuppressionSpreadOverTwoTaskManagers(String jobId) throws Exception {
        JsonNode vertices = cluster.get("/jobs/" + jobId).path("vertices");
        boolean spread = false;
        boolean trainerAlone = false;
        for (JsonNode v : vertices) {
            Set<String> hosts = new HashSet<>();
            cluster.get("/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers").path("taskmanagers")
                    .forEach(tm -> hosts.add(tm.path("taskmanager-id").asText()));
            String name = v.path("name").asText();
            if (name.contains("suppress") && v.path("parallelism").asInt() == 2 && hosts.size() == 2) {
                spread = true;
            }
            if (name.startsWith("train") && v.path("parallelism").asInt() == 1) {
                trainerAlone = true;
            }
        }
        assertTrue(spread, "suppression on 2 TaskManagers: " + vertices);
        assertTrue(trainerAlone, "the trainer at parallelism 1: " + vertices);
    }

    private static String taskManagerLogs() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            Path log = cluster.logDir().resolve("taskmanager-" + i + ".log");
            if (Files.exists(log)) {
                all.append(Files.readString(log));
            }
        }
        return all.toString();
    }
}
