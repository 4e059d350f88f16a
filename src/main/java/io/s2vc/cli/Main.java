package io.s2vc.cli;

import io.s2vc.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code s2vc} command line. */
@Command(name = "s2vc", mixinStandardHelpOptions = true, version = "s2vc-stream 0.1.0",
        description = "Streaming S²VC: motion-focused video representations learned on Kafka and Flink.",
        subcommands = {RunCommand.class, GenerateCommand.class, IngestCommand.class, AugmentCommand.class, TrainCommand.class, CheckpointNowCommand.class,
            EvaluateCommand.class, EvalCommand.class,
            BrokerCommand.class, TopicsCommand.class, FlowPretrainCommand.class, FlowCommand.class, SuppressCommand.class, VisualizeCommand.class,
            BenchCommand.class, ExperimentCommand.class, ConfigCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Set once the JVM is exiting (Ctrl-C): a job failing then is the stop itself, not an error. */
    private static volatile boolean exiting;

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> exiting = true, "s2vc-exiting"));
        NativeSetup.apply(workFolder(args));
        NativeOutput.routeToLog();
        System.exit(execute(args));
    }

    /** The --work value, read before logging starts so that the log file lands in it. */
    private static Path workFolder(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--work") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--work=")) {
                return Path.of(args[i].substring("--work=".length()));
            }
        }
        return Path.of("s2vc-work");
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failed, 2 bad usage). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, printing to the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::executionError);
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** One line saying what is wrong with the command line. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("s2vc: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                + " --help')");
        return 2;
    }

    /** One line saying what failed; the stack trace goes to the log file only. */
    private static int executionError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (exiting) {
            err.println("s2vc: stopped (Ctrl-C)");
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("stopped at exit", e);
            return 130;
        }
        boolean userError = e instanceof ConfigException || e instanceof IllegalArgumentException
                || e instanceof java.io.IOException || e instanceof UserException;
        err.println("s2vc: " + (userError ? "" : "error: ") + message(e));
        org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", e);
        return userError && !(e instanceof java.io.IOException) ? 2 : 1;
    }

    private static String message(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.s2vc.nd.NonFiniteGradientException) { // from inside a Flink job, too
                return cause.getMessage();
            }
        }
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replace('\n', ' ');
    }
}
