package io.s2vc.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A process a test starts: a Java program in a JVM of its own (this JVM's java, the given classpath, Flink's
 * add-opens) or any command (a launcher script), its stdout and stderr in one file. {@link #close()} kills it
 * and its descendants (SIGKILL), as a crash would.
 */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path output;

    private ChildProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** The --add-opens list surefire and failsafe give the test JVM (pom property flink.jvm.opens). */
    public static List<String> flinkOpens() {
        String opens = System.getProperty("flink.jvm.opens", "");
        return opens.isBlank() ? List.of() : Arrays.asList(opens.trim().split("\\s+"));
    }

    /** This JVM's classpath, entry by entry. */
    public static List<String> testClasspath() {
        return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    /** Starts {@code mainClass} with the JVM options and arguments given; output to {@code logDir/NAME.out}. */
    public static ChildProcess start(String name, List<String> classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Path logDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(flinkOpens());
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(mainClass);
        command.addAll(args);
        return run(name, new ProcessBuilder(command), logDir);
    }

    /** Runs any command (e.g. a launcher script) with extra environment variables; output to {@code logDir/NAME.out}. */
    public static ChildProcess command(String name, List<String> command, Map<String, String> env, Path logDir)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return run(name, builder, logDir);
    }

    private static ChildProcess run(String name, ProcessBuilder builder, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path output = logDir.resolve(name + ".out");
        builder.redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        return new ChildProcess(name, builder.start(), output);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** What it printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }

    /** Waits until {@code condition} holds; fails with the process's last output if it dies or time runs out. */
    public void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before " + what + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no " + what + " within " + timeout + ":\n" + tail());
            }
            Thread.sleep(250);
        }
    }

    /** Waits for the process to end and returns its exit code; kills it and fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(name + " still running after " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** The last lines of its output, for failure messages. */
    public String tail() {
        String[] lines = output().split("\n");
        return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }

    /** Kills the process (SIGKILL) and waits until it is gone. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }
}
