package org.jasyncio.diagnostics;

import java.util.List;
import java.util.Objects;
import javax.management.ConstructorParameters;

/**
 * One task as {@link LoopsMXBean#tasks()} reports it: a snapshot taken on its loop's thread. A Java bean
 * (not a record) so that JMX's MXBean mapping turns it into open data and back.
 */
public final class TaskInfo {
    private final String loop;
    private final long id;
    private final String name;
    private final String state;
    private final String waitingFor;
    private final List<String> stack;
    private final List<Long> awaitedBy;
    private final List<String> awaitedVia;

    /**
     * @param loop the loop, as its {@code toString()}
     * @param id the task's number (the {@code N} of {@code Task-N})
     * @param name the task's name
     * @param state {@code running}, {@code waiting}, {@code scheduled}, or a note about the loop
     * @param waitingFor what it waits for ({@code sleep}, or the awaited future), or empty
     * @param stack where it waits: the user's frames, innermost first
     * @param awaitedBy the ids of the tasks that await it
     * @param awaitedVia for each of {@code awaitedBy}, how: {@code await}, {@code gather} or {@code TaskGroup}
     */
    @ConstructorParameters({"loop", "id", "name", "state", "waitingFor", "stack", "awaitedBy", "awaitedVia"})
    public TaskInfo(
            String loop,
            long id,
            String name,
            String state,
            String waitingFor,
            List<String> stack,
            List<Long> awaitedBy,
            List<String> awaitedVia) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.state = Objects.requireNonNull(state, "state");
        this.waitingFor = Objects.requireNonNull(waitingFor, "waitingFor");
        this.stack = List.copyOf(stack);
        this.awaitedBy = List.copyOf(awaitedBy);
        this.awaitedVia = List.copyOf(awaitedVia);
        if (this.awaitedBy.size() != this.awaitedVia.size()) {
            throw new IllegalArgumentException(
                    "awaitedBy and awaitedVia differ in length: " + awaitedBy + " " + awaitedVia);
        }
    }

    /** The loop, as its {@code toString()}. */
    public String getLoop() {
        return loop;
    }

    /** The task's number. */
    public long getId() {
        return id;
    }

    /** The task's name. */
    public String getName() {
        return name;
    }

    /** {@code running}, {@code waiting}, {@code scheduled}. */
    public String getState() {
        return state;
    }

    /** What it waits for, or empty. */
    public String getWaitingFor() {
        return waitingFor;
    }

    /** Where it waits: the user's frames, innermost first. */
    public List<String> getStack() {
        return stack;
    }

    /** The ids of the tasks that await it. */
    public List<Long> getAwaitedBy() {
        return awaitedBy;
    }

    /** How each of {@link #getAwaitedBy()} awaits it. */
    public List<String> getAwaitedVia() {
        return awaitedVia;
    }

    @Override
    public String toString() {
        return "<TaskInfo " + id + " " + name + " " + state + " awaitedBy=" + awaitedBy + ">";
    }
}
