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
    private final String group;

    TaskGroupError(String group, Throwable first) {
        super(null, first);
        this.group = group;
        exceptions.add(first);
    }

    /** A new error for the same group listing the same failures (never {@code this}: see TaskGroup.close()). */
    TaskGroupError copy() {
        TaskGroupError c = new TaskGroupError(group, exceptions.get(0));
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
        sb.append(exceptions.size()).append(exceptions.size() == 1 ? " child task of " : " child tasks of ")
                .append(group).append(" failed:");
        for (Throwable t : exceptions) {
            sb.append(" [").append(t).append(']');
        }
        return sb.toString();
    }
}
