package org.jasyncio.sync;

import java.util.function.Consumer;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;

/**
 * The one fair, cancellation-safe wait queue under every primitive of {@code org.jasyncio.sync} and
 * {@code org.jasyncio.queue} (Trio's {@code ParkingLot}). A task {@link #park() parks} until another
 * piece of code {@link #unpark(int) unparks} it; waiters are woken strictly oldest first.
 *
 * <pre>{@code
 * ParkingLot lot = new ParkingLot();
 * // in a task:                 // elsewhere, later:
 * lot.park();                   lot.unpark(1);   // wakes the oldest parked task
 * }</pre>
 *
 * <h2>Why one queue, and why it is built this way</h2>
 * asyncio gives each primitive its own {@code deque} of futures and repeats the cancellation dance in
 * each; getting it right in every copy is hard (asyncio's semaphore is where a wake-up was once lost
 * to a cancelled waiter). Trio instead puts every primitive on one small {@code ParkingLot}; we follow Trio. A waiter
 * is a loop {@link Future} made by {@code loop.createFuture()}: waking it is {@code setResult(null)},
 * waiting is {@code fut.await()}, and cancelling the waiting task cancels that future (asyncio's rule,
 * which jasyncio keeps). That leaves two windows, and each is closed here once for all primitives:
 * <ul>
 *   <li><b>Cancelled before being woken</b>: the future is cancelled; {@link #unpark} skips cancelled
 *       futures, so the wake-up goes to the next live waiter, and the waiter removes itself.</li>
 *   <li><b>Cancelled after being woken</b> (the wake-up was delivered but the task was cancelled before
 *       it ran again): the future is done and not cancelled, so {@code park} knows it received a
 *       wake-up it will never use. It runs the primitive's {@code onWokenThenCancelled} action (by
 *       default: pass the wake-up to the next waiter; for a lock that was handed over: release it)
 *       before rethrowing the {@link CancelledError}. Nothing is lost.</li>
 * </ul>
 * A waiter may carry a <em>tag</em> that the waker sees ({@link #unpark(int, Consumer)}): a capacity
 * limiter uses it to hand a token to the borrower the waiter stands for.
 *
 * <p>Threading: loop thread only. A lot is bound to the loop of its first waiter; parking from
 * another loop while tasks of the first still wait is an error (asyncio's loop-bound mixin).
 */
public final class ParkingLot {
    /** What the waker sees for a waiter parked without a tag. */
    private static final Object NO_TAG = new Object();

    /**
     * The parked waiters, oldest first, as a doubly linked list of {@link Waiter} nodes. Invariant:
     * holds no future that was woken (woken ones are unlinked by {@link #unpark}); may briefly hold
     * cancelled ones, which {@link #unpark} skips and their tasks unlink. Loop thread only.
     *
     * <p>A list of its own rather than a {@code LinkedHashMap} keyed by the future (issue 14): a lot
     * and its queue are often made fresh (a queue per request, per benchmark iteration), and a map's
     * first use in each new lot took branches (its lazily made key and entry views, the identity hash
     * of every new future) that the JIT had compiled as never taken, so each new lot threw away the
     * compiled code of every caller it was inlined into; a node link and unlink has no such branch and
     * no hashing.
     */
    private Waiter head;

    private Waiter tail;
    /** The loop of the current waiters; {@code null} before the first park. */
    private EventLoop loop;

    /** What {@link #park()} passes on when woken then cancelled: made once, not per park. */
    private final Runnable passOn = this::passOn;

    /** Whether an {@link #unpark(int, Consumer)}'s {@code beforeWake} runs (it must not unpark again). */
    private boolean waking;

    private long parkedTotal;
    private long unparkedTotal;
    private long cancelledTotal;

    /** An empty lot. */
    public ParkingLot() {}

    /**
     * What a lot can report: how many tasks wait now, and totals since it was made.
     *
     * @param waiting tasks parked now (a cancelled waiter counts until its task runs again)
     * @param parked parks so far
     * @param unparked wake-ups delivered so far
     * @param cancelled parks that ended in a cancellation
     */
    public record Statistics(int waiting, long parked, long unparked, long cancelled) {}

    /**
     * Parks the current task until it is unparked. If the task is cancelled after it was woken, the
     * wake-up is passed to the next waiter, so none is lost.
     *
     * @throws CancelledError if the task is cancelled (or a timeout expires) while parked
     * @throws IllegalStateException outside a task on a running loop
     */
    public void park() {
        parkAt(false, NO_TAG, passOn);
    }

    /**
     * Parks the current task until it is unparked, carrying {@code tag} for the waker to see. If the
     * task is cancelled after it was woken, {@code onWokenThenCancelled} runs (on this task, before the
     * {@link CancelledError} propagates): it must give back what the wake-up handed over, for example
     * release a lock that was passed to this waiter, or call {@link #unpark(int) unpark(1)}.
     *
     * @throws CancelledError if the task is cancelled (or a timeout expires) while parked
     * @throws IllegalStateException outside a task on a running loop
     */
    public void park(Object tag, Runnable onWokenThenCancelled) {
        parkAt(false, tag, onWokenThenCancelled);
    }

    /**
     * Like {@link #park()}, but the task goes to the <em>front</em> of the queue: for a waiter that was
     * woken, found the condition it waits for false again (another task got there first), and must
     * wait again without losing its place.
     */
    public void parkFirst() {
        parkAt(true, NO_TAG, passOn);
    }

    /** {@link #park(Object, Runnable)} at the front of the queue; see {@link #parkFirst()}. */
    public void parkFirst(Object tag, Runnable onWokenThenCancelled) {
        parkAt(true, tag, onWokenThenCancelled);
    }

    private void parkAt(boolean first, Object tag, Runnable onWokenThenCancelled) {
        // Check before joining the line: a waiter that cannot wait would swallow a wake-up meant for
        // the next one (a lock handed to nobody).
        Task<?> me = requireTask("waiting on " + this);
        EventLoop running = me.getLoop();
        // Written so that a new lot's first park takes no branch a used lot's parks do not take (issue
        // 14): binding the loop is a plain store, and the loop is compared only while tasks wait.
        if (head != null && loop != running) {
            throw new IllegalStateException(this + " is bound to " + loop + " where tasks wait on it;"
                    + " it cannot also be used from " + running);
        }
        loop = running;
        Waiter waiter = new Waiter(running.createFuture(), tag);
        if (first) {
            linkFirst(waiter);
        } else {
            linkLast(waiter);
        }
        parkedTotal++;
        try {
            waiter.future.await();
        } catch (CancelledError | RuntimeException e) {
            // The task was cancelled, or interrupted by what its TaskGroup throws into it when a child
            // fails (a TaskGroupError): either way it stops waiting, and that error goes on unchanged.
            cancelledTotal++;
            boolean woken = waiter.future.done() && !waiter.future.cancelled();
            if (woken) {
                onWokenThenCancelled.run();
            } else {
                unlink(waiter);
            }
            throw e;
        } catch (Exception impossible) {
            // A waiter is only ever given a result or cancelled; it cannot hold an exception.
            throw new IllegalStateException(this + ": a waiter future completed with an exception", impossible);
        }
    }

    /** Wakes the oldest waiter, if any; returns whether one was woken. */
    public boolean unparkOne() {
        return unpark(1) == 1;
    }

    /** Wakes up to {@code n} of the oldest waiters and returns how many were woken. */
    public int unpark(int n) {
        if (n >= 0 && head == null) {
            return 0; // the uncontended case of every primitive, one call shorter (issue 14)
        }
        return unpark(n, null);
    }

    /**
     * Wakes up to {@code n} of the oldest waiters, calling {@code beforeWake} with the tag of each (or
     * {@code null} for an untagged waiter) just before it is woken, and returns how many were woken.
     * Waiters whose tasks were cancelled are skipped.
     *
     * <p>{@code beforeWake} must not unpark this lot again (that fails, naming the rule: the outer call
     * would walk a line changed under it). If it throws, the waiter it was called for stays parked,
     * first in line, and the exception propagates (the waiters woken before it stay woken).
     */
    public int unpark(int n, Consumer<Object> beforeWake) {
        if (n < 0) {
            throw new IllegalArgumentException(this + ": unpark(" + n + "): the count must be >= 0");
        }
        if (waking) {
            throw new IllegalStateException(this + ": unpark called from the beforeWake of an unpark of the same lot;"
                    + " wake more waiters with the outer call's count instead");
        }
        int woken = 0;
        Waiter w = head;
        try {
            while (woken < n && w != null) {
                Waiter next = w.next;
                if (!w.future.done()) { // a done one was cancelled: its task unlinks it when it runs
                    unlink(w);
                    if (beforeWake != null) {
                        wakeCheck(w, beforeWake);
                    }
                    w.future.setResult(null);
                    woken++;
                }
                w = next;
            }
        } finally {
            unparkedTotal += woken;
        }
        return woken;
    }

    /** Calls {@code beforeWake} for unlinked waiter {@code w}; if it throws, puts {@code w} back first in line. */
    private void wakeCheck(Waiter w, Consumer<Object> beforeWake) {
        waking = true;
        try {
            beforeWake.accept(w.tag == NO_TAG ? null : w.tag);
        } catch (RuntimeException | Error e) {
            linkFirst(w); // the waiters before it are cancelled ones: it stays the oldest live one
            throw e;
        } finally {
            waking = false;
        }
    }

    /** Wakes every waiter and returns how many were woken. */
    public int unparkAll() {
        return unpark(Integer.MAX_VALUE);
    }

    /** How many tasks wait that have not been cancelled. */
    public int size() {
        int n = 0;
        for (Waiter w = head; w != null; w = w.next) {
            if (!w.future.done()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether no live task waits. Cheap: it stops at the first live waiter, so the primitives' fast
     * paths ({@code tryAcquire}) stay O(1) however long the line is.
     */
    public boolean isEmpty() {
        for (Waiter w = head; w != null; w = w.next) {
            if (!w.future.done()) {
                return false;
            }
        }
        return true;
    }

    /** The lot's counters. */
    public Statistics statistics() {
        return new Statistics(size(), parkedTotal, unparkedTotal, cancelledTotal);
    }

    /**
     * The task running now, for a call named {@code what} that may suspend (docs/design.md rule 2: such a
     * call fails at once anywhere but inside a task on a running loop, even when it would not have to
     * wait this time). For primitives built on a lot.
     *
     * @throws IllegalStateException outside a task on a running loop, saying so
     */
    public static Task<?> requireTask(String what) {
        Task<?> me = currentTaskOrNull();
        if (me == null) {
            throw new IllegalStateException(what + " suspends, so it must be called inside a task on a running event"
                    + " loop (start one with Asyncio.run or Asyncio.createTask); it was called on thread "
                    + Thread.currentThread().getName() + ", outside any task");
        }
        return me;
    }

    /**
     * The current task, or {@code null} outside a task, running loop or not: what the primitives need
     * to name the rule they enforce themselves ({@link Asyncio#currentTask()} throws with no loop).
     */
    static Task<?> currentTaskOrNull() {
        try {
            return Asyncio.currentTask();
        } catch (IllegalStateException noRunningLoop) {
            return null;
        }
    }

    private void passOn() {
        unpark(1);
    }

    private void linkLast(Waiter w) {
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    private void linkFirst(Waiter w) {
        w.next = head;
        if (head == null) {
            tail = w;
        } else {
            head.prev = w;
        }
        head = w;
    }

    /** Takes {@code w} out of the line; it must be in it. */
    private void unlink(Waiter w) {
        Waiter prev = w.prev;
        Waiter next = w.next;
        if (prev == null) {
            head = next;
        } else {
            prev.next = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.prev = prev;
        }
        w.prev = null;
        w.next = null;
    }

    /** A parked task's place in the line: the future that wakes it and the tag its waker sees. */
    private static final class Waiter {
        final Future<Void> future;
        final Object tag;
        Waiter prev;
        Waiter next;

        Waiter(Future<Void> future, Object tag) {
            this.future = future;
            this.tag = tag;
        }
    }

    @Override
    public String toString() {
        return "<ParkingLot waiters=" + size() + ">";
    }
}
