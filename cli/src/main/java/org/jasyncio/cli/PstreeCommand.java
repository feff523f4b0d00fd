package org.jasyncio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio pstree PID}: the await tree of every jasyncio loop of a running JVM (Python 3.14's
 * {@code python -m asyncio pstree PID}): the tasks nobody awaits, each with the tasks it awaits below it
 * ({@code [await]}, {@code [gather]}, {@code [TaskGroup]}).
 */
@Command(
        name = "pstree",
        description = {
            "Prints the await tree of the jasyncio event loops of a running JVM" + " (like python -m asyncio pstree).",
            "Attaches to it; it needs no special flag."
        })
final class PstreeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetJvm target;

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().print(TaskViews.tree(LoopsClient.read(target.pid())));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
