package org.jasyncio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jasyncio} command: {@code run FILE.java}, {@code ps PID}, {@code pstree PID}; its
 * subcommands are the place for {@code serve} and {@code load} later.
 *
 * <pre>
 * jasyncio run examples/Tour.java
 * jasyncio run --debug --engine=virtual examples/BlockingTheLoop.java
 * jasyncio ps 12345
 * jasyncio pstree 12345
 * jasyncio --version
 * </pre>
 *
 * <p>The {@code ./jasyncio} script at the repository root finds a JDK 25, builds this module on first
 * use, and starts this class; for the plain {@code run FILE [ARGS]} form it skips this JVM and starts
 * the program's JVM itself, with the same flags as {@link JavaLauncher} (one JVM start instead of two).
 */
@Command(
        name = "jasyncio",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Python's asyncio, done right in Java 25.",
        subcommands = {RunCommand.class, PsCommand.class, PstreeCommand.class, CommandLine.HelpCommand.class},
        footer = {
            "",
            "Run a program: jasyncio run FILE.java [ARGS...]  (like python file.py)",
            "See its tasks:  jasyncio ps PID | jasyncio pstree PID  (like python -m asyncio ps/pstree)"
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line, ready to execute: a program's own arguments pass through untouched. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        // Everything after the program file belongs to the program, options included (--virtual-time).
        cmd.setStopAtPositional(true);
        return cmd;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
