package org.jasyncio.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jasyncio ps PID}: every task of every jasyncio loop of a running JVM, as a table (Python 3.14's
 * {@code python -m asyncio ps PID}). The JVM needs no flag: see {@link LoopsClient}.
 */
@Command(name = "ps", description = {"Lists the tasks of the jasyncio event loops of a running JVM (like python -m asyncio ps).",
    "Attaches to it; it needs no special flag."})
final class PsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM (see jps).")
    private long pid;

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().print(TaskViews.table(LoopsClient.read(pid)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
