package org.jasyncio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jasyncio.internal.StackFrames;

/**
 * A loop's tasks that are not done yet, strongly held (asyncio's {@code _all_tasks}, which holds them
 * weakly: here a task waiting on nothing stays listed, so the deadlock report can name it), and that
 * report: where each of them waits when nothing can ever wake them.
 *
 * <p>An intrusive doubly-linked list through the tasks themselves ({@link Task#nextLive},
 * {@link Task#prevLive}): O(1) add and remove with no hashing; an identity set cost more than the rest
 * of a task's spawn. Loop thread only. Invariant: {@code count} is the length of the list.
 */
final class LiveTasks {
    private Task<?> head;
    private int count;

    /** Adds a new task at the head. */
    void link(Task<?> t) {
        t.nextLive = head;
        if (head != null) {
            head.prevLive = t;
        }
        head = t;
        count++;
    }

    /** Removes a task that is done; no-op if it is not linked (already removed). */
    void unlink(Task<?> t) {
        if (t.prevLive == null && head != t) {
            return; // not linked (already removed)
        }
        if (t.prevLive != null) {
            t.prevLive.nextLive = t.nextLive;
        } else {
            head = t.nextLive;
        }
        if (t.nextLive != null) {
            t.nextLive.prevLive = t.prevLive;
        }
        t.prevLive = null;
        t.nextLive = null;
        count--;
    }

    /** How many tasks are not done. */
    int count() {
        return count;
    }

    /** The tasks not done, newest first, as an unmodifiable set (the loop's {@code allTasks()}). */
    Set<Task<?>> asSet() {
        Set<Task<?>> all = new LinkedHashSet<>();
        for (Task<?> t = head; t != null; t = t.nextLive) {
            all.add(t);
        }
        return Collections.unmodifiableSet(all);
    }

    /** The tasks not done, newest first. */
    List<Task<?>> asList() {
        List<Task<?>> all = new ArrayList<>(count);
        for (Task<?> t = head; t != null; t = t.nextLive) {
            all.add(t);
        }
        return all;
    }

    /**
     * On a virtual clock, tasks wait but no timer, I/O or outside work can ever wake them: rather than
     * hang a test forever, {@code loop} fails with where every task waits.
     */
    IllegalStateException deadlock(EventLoop loop) {
        StringBuilder sb = new StringBuilder("deadlock on " + loop + ": every task waits, and no timer, I/O or"
                + " outside work can wake any of them (the virtual clock has nowhere to jump). Waiting:");
        for (Task<?> t = head; t != null; t = t.nextLive) {
            sb.append("\n  ").append(t);
            StackFrames.appendUserFrames(sb, t.getStack().toArray(StackTraceElement[]::new), 8, "      ");
        }
        return new IllegalStateException(sb.toString());
    }
}
