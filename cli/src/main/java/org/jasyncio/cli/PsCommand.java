package org.jasyncio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio ps PID}: every task of every jasyncio loop of a running JVM, as a table (Python 3.14's
 * {@code python -m asyncio ps PID}). The JVM needs no flag: see {@link LoopsClient}.
 */
@Command(
        name = "ps",
        description = {
            "Lists the tasks of the jasyncio event loops of a running JVM (like python -m asyncio ps).",
            "Attaches to it; it needs no special flag."
        })
final class PsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetJvm target;

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().print(TaskViews.table(LoopsClient.read(target.pid())));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
