package org.jasyncio.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Coroutine;
import org.jasyncio.Task;

/**
 * Cancels a scenario at every suspension point it reaches and checks that nothing is left behind: a
 * systematic test of cancellation safety (the role Trio's testing tools play for its own primitives).
 *
 * <p>{@link #check} runs {@code scenario} as a task named {@code victim} again and again, cancelling it
 * each time at a different moment: after each of the delays {@code 0, 0.5, 1, 1.5, 2, 2.5, 3, 4} seconds
 * and, for each delay, after 0 to 4 more turns of the loop ({@code sleep(0)}). Each run must end
 * cancelled or normally (any other exception fails the check), and afterwards no task but the caller
 * may be left and the caller must not be cancelling. {@link #checkNeverLost} also requires that a
 * cancel the victim accepted ends it cancelled, for scenarios with nothing that may absorb a
 * cancellation.
 *
 * <p>Call it from a task on a loop with a virtual clock, so that the 40 runs take no real time:
 *
 * <pre>{@code
 * @AsyncTest
 * void gatherIsCancellationSafe() {
 *     CancelEverywhere.checkNeverLost("gather", () -> Asyncio.gather(sleeper(1.0), sleeper(2.0)));
 * }
 * }</pre>
 *
 * A failed check throws an {@link AssertionError} that names the scenario and the cancel point.
 */
public final class CancelEverywhere {
    private static final double[] DELAYS = {0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0};
    private static final int MAX_SPINS = 5;

    private CancelEverywhere() {}

    /**
     * Cancels {@code scenario} at every point (see the class comment) and checks it ends cancelled or
     * normally and leaves no task behind.
     *
     * @param what the scenario's name, for failure messages
     * @throws AssertionError if a run fails another way or leaves a task or a pending cancellation
     * @throws IllegalStateException if not called inside a task on a running loop
     */
    public static void check(String what, Coroutine<?> scenario) throws Exception {
        check(what, scenario, new ArrayList<>());
    }

    /**
     * {@link #check(String, Coroutine)} for a scenario that starts tasks it does not wait for: it adds
     * them to {@code extraToAwait}, and each run waits for them (ignoring how they end) before
     * checking that no task is left; the list is cleared after each run.
     */
    public static void check(String what, Coroutine<?> scenario, List<Task<?>> extraToAwait) throws Exception {
        run(what, scenario, extraToAwait, false);
    }

    /**
     * {@link #check(String, Coroutine)}, checking also that no accepted cancel is lost: whenever
     * {@code cancel()} returned {@code true}, the victim must end cancelled.
     */
    public static void checkNeverLost(String what, Coroutine<?> scenario) throws Exception {
        run(what, scenario, new ArrayList<>(), true);
    }

    private static void run(String what, Coroutine<?> scenario, List<Task<?>> extraToAwait, boolean neverLost)
            throws Exception {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(extraToAwait, "extraToAwait");
        for (double delay : DELAYS) {
            for (int spins = 0; spins < MAX_SPINS; spins++) {
                cancelAt(what, delay, spins, scenario, extraToAwait, neverLost);
            }
        }
    }

    /** Runs {@code scenario} as a victim task and cancels it after {@code delay} and {@code spins} sleep(0)s. */
    private static void cancelAt(
            String what, double delay, int spins, Coroutine<?> scenario, List<Task<?>> extraToAwait, boolean neverLost)
            throws Exception {
        Task<?> me = Asyncio.currentTask();
        if (me == null) {
            throw new IllegalStateException("CancelEverywhere.check(\"" + what + "\") must be called inside a task"
                    + " on a running event loop");
        }
        String point = what + " cancelled at " + delay + "s + " + spins + " spins";
        Task<?> victim = Asyncio.createTask(scenario, "victim");
        Asyncio.sleep(delay);
        for (int i = 0; i < spins; i++) {
            Asyncio.sleep(0);
        }
        boolean accepted = victim.cancel("cancel point");
        Throwable outcome = outcome(victim);
        if (outcome != null && !(outcome instanceof CancelledError)) {
            throw new AssertionError(point + ": the victim failed instead of ending cancelled or normally", outcome);
        }
        if (neverLost && accepted && !victim.cancelled()) {
            throw new AssertionError(point + ": the cancel was lost, the victim ended with "
                    + (outcome != null ? outcome : victim.result()));
        }
        for (Task<?> t : extraToAwait) {
            outcome(t);
        }
        extraToAwait.clear();
        Set<Task<?>> left = Asyncio.allTasks();
        if (!left.equals(Set.of(me))) {
            throw new AssertionError(point + " left tasks pending: " + left + " (expected only " + me + ")");
        }
        if (me.cancelling() != 0) {
            throw new AssertionError(point + " left " + me + " cancelling");
        }
    }

    /** Waits for {@code t}; returns what it threw, or {@code null} if it returned. */
    private static Throwable outcome(Task<?> t) {
        try {
            t.await();
            return null;
        } catch (Throwable thrown) {
            return thrown;
        }
    }
}
