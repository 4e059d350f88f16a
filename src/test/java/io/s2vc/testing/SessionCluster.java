package io.s2vc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink session cluster of separate JVMs, as a standalone deployment runs it: the JobManager
 * (StandaloneSessionClusterEntrypoint) and TaskManagers (TaskManagerRunner), reading
 * {@code conf/config.yaml} through {@code --configDir}, with jobs submitted through the REST API.
 *
 * <p>The processes' classpath plays Flink's {@code lib/}: the test classpath without what the job's jar
 * brings (the project's classes, the Kafka connector, Kafka and Avro), so that those are loaded from the
 * submitted jar in the job's classloader, as on a real cluster (a connector class from lib/ would be
 * parent-first, tied to lib/'s Kafka, and clash with the job's), while DJL (and JavaCPP) come from lib/,
 * parent-first, once per TaskManager JVM.
 */
public final class SessionCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] BROUGHT_BY_THE_JOB_JAR = {"/flink-connector-kafka/", "/flink-avro/",
        "/org/apache/kafka/", "/org/apache/avro/"};

    private final Path dir;
    private final int restPort;
    private final List<String> jvmOptions;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<ChildProcess> processes = new ArrayList<>();
    private ChildProcess jobManager;

    /**
     * @param settings config.yaml entries beyond the addresses and memory sizes (e.g. class loading, restarts)
     * @param jvmOptions system properties for every process (native caches, offline DJL)
     */
    public SessionCluster(Path dir, Map<String, String> settings, List<String> jvmOptions) throws IOException {
        this.dir = dir;
        this.restPort = freePort();
        this.jvmOptions = jvmOptions;
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.rpc.port", String.valueOf(freePort()));
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", String.valueOf(restPort));
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("jobmanager.memory.process.size", "1024m");
        // TaskManagerRunner takes its memory sizes as given (Flink's start scripts derive them from
        // taskmanager.memory.process.size): every component is set, small.
        conf.put("taskmanager.cpu.cores", "2");
        conf.put("taskmanager.memory.framework.heap.size", "128m");
        conf.put("taskmanager.memory.task.heap.size", "768m");
        conf.put("taskmanager.memory.framework.off-heap.size", "128m");
        conf.put("taskmanager.memory.task.off-heap.size", "0m");
        conf.put("taskmanager.memory.network.min", "64m");
        conf.put("taskmanager.memory.network.max", "64m");
        conf.put("taskmanager.memory.managed.size", "64m");
        conf.put("taskmanager.memory.jvm-metaspace.size", "256m");
        conf.put("taskmanager.memory.jvm-overhead.min", "192m");
        conf.put("taskmanager.memory.jvm-overhead.max", "192m");
        conf.putAll(settings);
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        StringBuilder yaml = new StringBuilder();
        conf.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(confDir.resolve("config.yaml"), yaml);
        Files.writeString(confDir.resolve("log4j2.xml"), """
                <Configuration status="WARN">
                  <Appenders><File name="file" fileName="${sys:log.file}">
                    <PatternLayout pattern="%d{ISO8601} %-5level [%t] %c - %msg%n"/></File></Appenders>
                  <Loggers><Root level="INFO"><AppenderRef ref="file"/></Root></Loggers>
                </Configuration>
                """);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** host:port of the REST endpoint (what --flink and FLINK_REST take). */
    public String restAddress() {
        return "127.0.0.1:" + restPort;
    }

    public Path logDir() {
        return dir.resolve("logs");
    }

    /** Starts the JobManager and waits for its REST endpoint. */
    public void startJobManager() throws Exception {
        jobManager = start("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                flinkLib(), "-Xmx768m");
        jobManager.await("REST endpoint", Duration.ofMinutes(2), () -> getOrNull("/overview") != null);
    }

    /** Starts a TaskManager and waits until the JobManager lists it. */
    public ChildProcess startTaskManager(String name) throws Exception {
        List<String> before = taskManagerIds();
        ChildProcess tm = start(name, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", flinkLib(), "-Xmx1g");
        // A new id, not a count: a killed TaskManager may leave the list meanwhile.
        tm.await("registration with the JobManager", Duration.ofMinutes(2),
                () -> !before.containsAll(taskManagerIds()));
        return tm;
    }

    private static List<String> flinkLib() {
        return ChildProcess.testClasspath().stream().filter(SessionCluster::isFlinkLib).toList();
    }

    private static boolean isFlinkLib(String entry) {
        String path = entry.replace('\\', '/');
        if (path.contains("/target/")) {
            return false; // the project's own classes and jar: the job jar brings them
        }
        for (String brought : BROUGHT_BY_THE_JOB_JAR) {
            if (path.contains(brought)) {
                return false;
            }
        }
        return true;
    }

    private ChildProcess start(String name, String mainClass, List<String> classpath, String heap) throws IOException {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add(heap);
        options.add("-Dlog.file=" + logDir().resolve(name + ".log"));
        options.add("-Dlog4j2.configurationFile=" + dir.resolve("conf").resolve("log4j2.xml"));
        ChildProcess process = ChildProcess.start(name, classpath, options, mainClass,
                List.of("--configDir", dir.resolve("conf").toString()), logDir());
        processes.add(process);
        return process;
    }

    /** The ids of the TaskManagers the JobManager lists. */
    public List<String> taskManagerIds() {
        JsonNode tms = getOrNull("/taskmanagers");
        List<String> ids = new ArrayList<>();
        if (tms != null) {
            tms.path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
        }
        return ids;
    }

    /** GET on the REST API; fails on an error status. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + restAddress() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** GET, or null while the endpoint is not up (or answers with an error). */
    public JsonNode getOrNull(String path) {
        try {
            return get(path);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Kills every process of the cluster. */
    @Override
    public void close() throws InterruptedException {
        for (ChildProcess p : processes) {
            p.close();
        }
    }
}
