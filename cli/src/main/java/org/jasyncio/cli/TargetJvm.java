package org.jasyncio.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of the commands that look into a running JVM ({@code ps}, {@code pstree}): help and the
 * JVM's process id. A picocli mixin: a command declares {@code @Mixin private TargetJvm target;} and
 * picocli adds these to its own, so the commands cannot drift apart.
 */
final class TargetJvm {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    private boolean help;

    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM (see jps).")
    private long pid;

    /** The process id of the JVM to look into. */
    long pid() {
        return pid;
    }
}
