package org.jasyncio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The failures of a {@link TaskGroup}'s children, all of them (asyncio's {@code ExceptionGroup} from
 * a {@code TaskGroup}). The first failure is also the {@link #getCause() cause}, so a stack trace
 * shows it.
 *
 * <p>It is unchecked because it can also surface inside the group's block: when a child fails, the
 * block is interrupted with this error at its next suspension point (where asyncio would cancel the
 * parent task), and {@code close()} then completes the list with every other child's failure, and
 * throws a second {@code TaskGroupError} with the complete list, so that a block that caught the first
 * one loses nothing (see {@link TaskGroup}).
 */
public final class TaskGroupError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Throwable> exceptions = new ArrayList<>();
    /** The group, described when the message is made: its state and counts then, not at the first failure. */
    private final transient TaskGroup group;
    /** The group as it was described at the first failure, for a deserialized copy. */
    private final String groupAtFirstFailure;

    /**
     * An error listing {@code first}; {@code suppressible} false for the one thrown into the block, so
     * that try-with-resources cannot add close()'s copy of it to it (the same failures printed twice,
     * and a cause printed as a {@code [CIRCULAR REFERENCE]}): see TaskGroup.close().
     */
    TaskGroupError(TaskGroup group, Throwable first, boolean suppressible) {
        super(null, first, suppressible, true);
        this.group = group;
        this.groupAtFirstFailure = group.toString();
        exceptions.add(first);
    }

    /** A new error for the same group listing the same failures (never {@code this}: see TaskGroup.close()). */
    TaskGroupError copy() {
        TaskGroupError c = new TaskGroupError(group, exceptions.get(0), true);
        for (Throwable t : exceptions) {
            c.add(t);
        }
        return c;
    }

    void add(Throwable t) {
        if (!exceptions.contains(t)) {
            exceptions.add(t);
        }
    }

    /** Every child's failure, in the order they failed. */
    public List<Throwable> exceptions() {
        return Collections.unmodifiableList(exceptions);
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        int created = group == null ? 0 : group.createdCount();
        sb.append(exceptions.size());
        if (created > 0) {
            sb.append(" of ").append(created);
        }
        sb.append(Math.max(created, exceptions.size()) == 1 ? " child task of " : " child tasks of ")
                .append(group == null ? groupAtFirstFailure : group)
                .append(" failed:");
        for (Throwable t : exceptions) {
            sb.append(" [").append(t).append(']');
        }
        return sb.toString();
    }
}
