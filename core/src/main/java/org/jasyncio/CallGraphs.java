package org.jasyncio;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jasyncio.internal.StackFrames;

/**
 * Who awaits whom, worked out from the loop's state when asked (no bookkeeping on the hot path, where
 * CPython 3.14 records {@code awaited_by} links as tasks await): a task W awaits a future F when W is
 * suspended in {@code F.await()}, in a gather of F, or in the block of the {@link TaskGroup} that created
 * F. Loop thread only.
 */
final class CallGraphs {
    /** One edge: {@code waiter} awaits something {@code via} ("await", "gather", "TaskGroup"). */
    record Awaiter(Task<?> waiter, String via) {}

    private CallGraphs() {}

    /** The tasks of {@code loop} that await {@code f}, each once. */
    static List<Awaiter> awaitersOf(EventLoop loop, Future<?> f) {
        List<Awaiter> out = new ArrayList<>();
        Set<Task<?>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        if (f instanceof Task<?> t && t.group != null) {
            Task<?> parent = t.group.parentTask();
            if (!parent.done() && seen.add(parent)) {
                out.add(new Awaiter(parent, "TaskGroup"));
            }
        }
        for (Task<?> w : loop.liveTasks()) {
            Future<?> awaited = w.awaitedFuture();
            if (awaited == null) {
                continue;
            }
            if (awaited == f && seen.add(w)) {
                out.add(new Awaiter(w, "await"));
            } else if (awaited.gathered != null && containsIdentity(awaited.gathered, f) && seen.add(w)) {
                out.add(new Awaiter(w, "gather"));
            }
        }
        return out;
    }

    private static boolean containsIdentity(List<? extends Future<?>> list, Future<?> f) {
        for (Future<?> x : list) {
            if (x == f) {
                return true;
            }
        }
        return false;
    }

    /** The user's frames where {@code f} is suspended (or runs, for the current task), innermost first. */
    static List<StackTraceElement> callStack(EventLoop loop, Future<?> f) {
        if (!(f instanceof Task<?> t)) {
            return List.of();
        }
        if (t == loop.currentTask()) {
            return StackFrames.userFrames(Thread.currentThread().getStackTrace());
        }
        return StackFrames.userFrames(t.getStack().toArray(StackTraceElement[]::new));
    }

    static String name(Future<?> f) {
        return f instanceof Task<?> t ? t.getName() : f.toString();
    }

    static String state(Future<?> f) {
        return f instanceof Task<?> t ? t.diagnosticState() : f.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The graph of {@code f}: it, and recursively those that await it; a cycle is cut where it closes. */
    static FutureCallGraph capture(Future<?> f) {
        return capture(f, null, new IdentityHashMap<>());
    }

    private static FutureCallGraph capture(Future<?> f, String via, Map<Future<?>, Boolean> onPath) {
        onPath.put(f, Boolean.TRUE);
        List<FutureCallGraph> by = new ArrayList<>();
        for (Awaiter a : awaitersOf(f.getLoop(), f)) {
            if (!onPath.containsKey(a.waiter())) {
                by.add(capture(a.waiter(), a.via(), onPath));
            }
        }
        onPath.remove(f);
        return new FutureCallGraph(f, name(f), state(f), via, callStack(f.getLoop(), f), by);
    }

    /** Python's layout of a call graph, with Java's frames. */
    static String format(FutureCallGraph g) {
        StringBuilder sb = new StringBuilder();
        format(g, "", sb);
        return sb.toString();
    }

    private static void format(FutureCallGraph g, String indent, StringBuilder sb) {
        sb.append(indent).append("* ");
        if (g.future() instanceof Task<?> t) {
            sb.append("Task(name='")
                    .append(g.name())
                    .append("', id=")
                    .append(t.taskId())
                    .append(", state=")
                    .append(g.state())
                    .append(')');
        } else {
            sb.append("Future(").append(g.name()).append(')');
        }
        if (g.via() != null) {
            sb.append(" via ").append(g.via());
        }
        sb.append('\n');
        if (!g.callStack().isEmpty()) {
            sb.append(indent).append("+ Call stack:\n");
            for (StackTraceElement e : g.callStack()) {
                sb.append(indent).append("|   at ").append(e).append('\n');
            }
        }
        if (!g.awaitedBy().isEmpty()) {
            sb.append(indent).append("+ Awaited by:\n");
            for (FutureCallGraph w : g.awaitedBy()) {
                format(w, indent + "   ", sb);
            }
        }
    }
}
