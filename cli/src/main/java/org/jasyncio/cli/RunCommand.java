package org.jasyncio.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio run FILE.java [ARGS...]}: runs a single-file Java program with jasyncio on its
 * class path and the fast strand engine enabled, in a JVM of its own (see {@link JavaLauncher}).
 * Exits with the program's exit code.
 */
@Command(
        name = "run",
        description = {
            "Runs a single-file Java program with jasyncio on its class path (like python file.py).",
            "The program's own options go after FILE."
        })
final class RunCommand implements Callable<Integer> {
    /** How long the program may take to end after this JVM is asked to stop (Ctrl-C reaches both). */
    private static final long CHILD_GRACE_SECONDS = 5;

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    private boolean help;

    @Option(
            names = "--debug",
            description = "Debug mode: slow steps are logged, task creation sites recorded (-Djasyncio.debug=true).")
    private boolean debug;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            description =
                    "Force a strand engine: ${COMPLETION-CANDIDATES} (default: continuation, which the launcher enables).")
    private Engine engine;

    @Option(
            names = {"-J", "--jvm-option"},
            paramLabel = "OPTION",
            description = "Pass OPTION to the program's JVM, e.g. -J-Xmx1g (repeatable).")
    private List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the java command instead of running it.")
    private boolean dryRun;

    @Parameters(index = "0", paramLabel = "FILE", description = "The program: a .java source file with a main method.")
    private Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The program's arguments.")
    private List<String> args = new ArrayList<>();

    /** The strand engines, as {@code -Djasyncio.strand} names them. */
    enum Engine {
        continuation,
        virtual
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "no such file: " + file);
        }
        if (!file.getFileName().toString().endsWith(".java")) {
            throw new ParameterException(spec.commandLine(), file + " is not a .java source file");
        }
        JavaLauncher launcher = JavaLauncher.forThisJvm(jvmOptions(), file, args);
        if (!dryRun) {
            launcher = launcher.withCompiledProgram(); // a dry run compiles nothing: it shows the plain form
        }
        if (dryRun) {
            spec.commandLine().getOut().println(launcher.display());
            return 0;
        }
        return launch(launcher);
    }

    /** The JVM options the flags of this command stand for, then the {@code -J} ones. */
    List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        if (debug) {
            options.add("-Djasyncio.debug=true");
        }
        if (engine != null) {
            options.add("-Djasyncio.strand=" + engine);
        }
        options.addAll(jvmOptions);
        return options;
    }

    /** Runs the program with this process's standard streams and returns its exit code. */
    static int launch(JavaLauncher launcher) throws Exception {
        Process child = new ProcessBuilder(launcher.command()).inheritIO().start();
        // Ctrl-C goes to the whole process group: the program gets it too and ends its own way
        // (Asyncio.run cancels the main task). This JVM waits for it a little before giving up.
        Thread waiter = new Thread(
                () -> {
                    try {
                        if (!child.waitFor(CHILD_GRACE_SECONDS, TimeUnit.SECONDS)) {
                            child.destroy();
                        }
                    } catch (InterruptedException e) {
                        child.destroyForcibly();
                    }
                },
                "jasyncio-run-shutdown");
        Runtime.getRuntime().addShutdownHook(waiter);
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(waiter);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run; the child is done anyway
        }
        return code;
    }
}
