package io.s2vc.bench;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process by kind of thread, from {@code /proc/self/task/<tid>/stat} (Linux; empty
 * elsewhere): where a job's cores go besides training. libtorch's intra-op workers inherit the name of
 * the thread that started them, so the Flink task that trains counts together with its tensor workers.
 *
 * @param secondsByGroup CPU seconds (user + system) of the live threads of each group
 * @param host the host's CPU ticks and steal at the same moment
 */
record ThreadCpu(TreeMap<String, Double> secondsByGroup, HostLoad host) implements Serializable {
    /** The name of the threads the benchmark runs its own libtorch work on (and so of their libtorch workers). */
    static final String BENCH_THREAD = "bench-libtorch";
    private static final Path TASKS = Path.of("/proc/self/task");
    /** USER_HZ: the unit of utime and stime, 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100;

    static ThreadCpu now() {
        TreeMap<String, Double> seconds = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    String[] fields = stat.substring(close + 2).split(" ");
                    double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    seconds.merge(group(name), ticks / TICKS_PER_SECOND, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            // no /proc: no split
        }
        return new ThreadCpu(seconds, HostLoad.now());
    }

    /** CPU seconds per group from {@code start} to this snapshot (threads that ended in between are lost). */
    Map<String, Double> since(ThreadCpu start) {
        Map<String, Double> delta = new TreeMap<>();
        secondsByGroup.forEach((group, s) -> delta.put(group, s - start.secondsByGroup.getOrDefault(group, 0.0)));
        return delta;
    }

    /** The group of a thread, by the first 15 characters of its name (all Linux keeps). */
    static String group(String name) {
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "gc";
        }
        if (name.startsWith("Source Data Fet")) {
            return "kafka_source_fetcher";
        }
        if (name.startsWith("data-plane") || name.startsWith("kafka-") || name.startsWith("quorum")
                || name.startsWith("controller") || name.startsWith("group-coord") || name.startsWith("raft")
                || name.startsWith("broker") || name.startsWith("ExpirationReap") || name.startsWith("transaction")) {
            return "kafka_broker";
        }
        if (name.startsWith("AsyncOperation")) {
            return "flink_checkpoint_async";
        }
        if (name.startsWith("flink-") || name.startsWith("jobmanager") || name.startsWith("mini-cluster")
                || name.startsWith("Checkpoint") || name.startsWith("OutputFlusher") || name.startsWith("Flink")
                || name.startsWith("pool-") || name.startsWith("taskmanager")) {
            return "flink_runtime";
        }
        if (name.startsWith("Source: ") || name.contains("(1/1)")) {
            return "flink_task_and_libtorch_workers";
        }
        if (name.equals("java")) {
            return "main_and_libtorch_workers";
        }
        if (name.equals(BENCH_THREAD)) {
            return "bench_thread_and_libtorch_workers";
        }
        return "other";
    }
}
