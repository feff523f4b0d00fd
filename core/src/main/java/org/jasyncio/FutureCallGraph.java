package org.jasyncio;

import java.util.List;

/**
 * A future's place in the program's await graph (Python 3.14's {@code asyncio.FutureCallGraph}):
 * the future or task, where it is suspended, and who awaits it, each of those with its own graph, up
 * to the tasks nobody awaits. Made by {@link Asyncio#captureCallGraph}; printed by
 * {@link Asyncio#printCallGraph} in Python's layout.
 *
 * @param future the future or task
 * @param name the task's name, or the future's description
 * @param state {@code running}, {@code waiting}, {@code scheduled} or {@code done} for a task; a future's
 *     {@code pending}, {@code finished} or {@code cancelled}
 * @param via how this one awaits the future whose graph lists it in {@link #awaitedBy}: {@code await}
 *     ({@code f.await()} of that one), {@code gather} (a gather of it), {@code TaskGroup} (the block of the
 *     group that created it); {@code null} for the root
 * @param callStack where it is suspended (or runs), innermost first: the user's frames only (jasyncio's
 *     and the JDK's are left out); empty for a plain future or a task not suspended
 * @param awaitedBy the graphs of those that await it
 */
public record FutureCallGraph(
        Future<?> future,
        String name,
        String state,
        String via,
        List<StackTraceElement> callStack,
        List<FutureCallGraph> awaitedBy) {
    /** Copies the lists. */
    public FutureCallGraph {
        callStack = List.copyOf(callStack);
        awaitedBy = List.copyOf(awaitedBy);
    }
}
