package org.jasyncio;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jasyncio.internal.Throwables;

/**
 * An async generator (Python's {@code async def} with {@code yield}), made by
 * {@link Asyncio#generator}: an {@link Iterable} whose iterator's {@code hasNext()} suspends until the
 * body emits the next item, and an {@link AutoCloseable} whose {@code close()} stops the body.
 *
 * <p>The body runs in a task of its own, started at the first {@code hasNext()}; it runs exactly as
 * far as the next {@code emit.yield(x)} and then waits until the consumer asks for another item, so
 * it is lazy like Python's. The body's exceptions reach the consumer unchanged from
 * {@code hasNext()}/{@code next()}. If the consumer is cancelled while waiting for an item, the body
 * is cancelled too. Like a Python async generator it can be iterated once: {@link #iterator()} always
 * returns the same iterator.
 *
 * <p>Loop thread only: iterate and close it inside tasks of the loop that made it.
 *
 * @param <T> the item type
 */
public final class Generator<T> implements Iterable<T>, AutoCloseable {
    /**
     * The generator's body: emits items with {@code emit.yield(x)}.
     *
     * @param <T> the item type
     */
    @FunctionalInterface
    public interface Body<T> {
        /** Produces the items; may suspend; returns when there are no more. */
        void run(Emitter<T> emit) throws Exception;
    }

    /**
     * What a body emits items through.
     *
     * @param <T> the item type
     */
    public interface Emitter<T> {
        /** Hands {@code value} to the consumer and suspends until it asks for the next item. */
        void yield(T value);
    }

    /**
     * <pre>
     * CREATED --hasNext()--> ACTIVE --body returns/throws--> EXHAUSTED
     * CREATED|ACTIVE --close() or consumer cancelled--> CLOSED
     * </pre>
     * Every transition is checked against this drawing (staying in a state is not a transition).
     * CLOSED and EXHAUSTED are final: {@link #close()} is refused while a consumer waits in
     * {@code hasNext()}, as Python's {@code aclose()} is while an {@code __anext__()} runs, so no
     * consumer is left to see a closed generator's body end.
     */
    public enum State {
        /** Made, its body not started: no item asked for yet. */
        CREATED,
        /** Its body runs as a task, handing over items. */
        ACTIVE,
        /** Its body has ended (returned or thrown): no more items. */
        EXHAUSTED,
        /** Closed before its body ended: no more items. */
        CLOSED;

        boolean canMoveTo(State next) {
            return switch (this) {
                case CREATED -> next == ACTIVE || next == CLOSED;
                case ACTIVE -> next == EXHAUSTED || next == CLOSED;
                case CLOSED, EXHAUSTED -> false;
            };
        }
    }

    private static final Object END = new Object();

    private final EventLoop loop;
    private final Body<T> body;
    private final Iterator<T> iterator = new Items();
    private State state = State.CREATED;
    private Task<Void> producer;
    /** What the consumer waits on: the next item, {@link #END}, or the body's exception. */
    private Future<Object> item;
    /** What the producer waits on at a yield: the consumer's request for the next item. */
    private Future<Void> demand;

    private T buffered;
    private boolean hasBuffered;
    /** How the body ended while no item was awaited (see {@link #produce()}); reported once. */
    private Throwable endedWith;
    /** The task waiting in {@code hasNext()} for the next item, or {@code null}. Loop thread only. */
    private Task<?> waiting;

    Generator(EventLoop loop, Body<T> body) {
        this.loop = loop;
        this.body = java.util.Objects.requireNonNull(body, "body");
    }

    /** The one iterator of this generator. */
    @Override
    public Iterator<T> iterator() {
        return iterator;
    }

    /** The state, as drawn on {@link State}. */
    public State state() {
        return state;
    }

    /**
     * Stops the body if it is still running: cancels it at its suspension point (its {@code finally}
     * blocks run) and waits until it has ended (Python's {@code aclose()}). An exception the body
     * raises while being stopped (other than the cancellation itself) is thrown from here. Idempotent.
     *
     * @throws IllegalStateException if a task waits in {@code hasNext()} for an item: the generator is
     *     running, and goes on (Python's {@code aclose()} raises {@code RuntimeError} then); cancel that
     *     task to stop it, which stops the body too
     */
    @Override
    public void close() {
        if (state == State.EXHAUSTED) {
            return;
        }
        if (waiting != null) {
            // Why not stop the body under the waiting consumer: that task, which nobody cancelled,
            // would get a CancelledError from hasNext(). Python refuses the same way.
            throw new IllegalStateException(this + ".close() while " + waiting + " waits in hasNext() for its next"
                    + " item: the generator is running (Python's aclose(): \"asynchronous generator is already"
                    + " running\"); cancel that task to stop it, or close it once the item has come");
        }
        if (state != State.CLOSED) {
            moveTo(State.CLOSED);
            hasBuffered = false;
            buffered = null;
            loop.unregisterGenerator(this);
        }
        // Also when already CLOSED: a consumer cancelled in hasNext() cancelled the body but could not
        // wait for it there; close() is where the body's finally blocks are waited for.
        Task<Void> p = producer;
        if (p != null && !p.done()) {
            Task<?> me = Task.requireCurrent(loop, "Generator.close()");
            if (me == p) {
                throw new IllegalStateException(this + " closed from its own body");
            }
            if (p.cancelling() == 0) {
                p.cancel("generator closed");
            }
            me.awaitDone(p);
        }
        // As Python's aclose(): an exception the body raised while being closed (say, from a
        // finally block) reaches the caller; its cancellation does not.
        Throwable t = endedWith;
        endedWith = null;
        if (t != null && !(t instanceof CancelledError)) {
            throw Throwables.<RuntimeException>sneaky(t);
        }
    }

    @Override
    public String toString() {
        return "<Generator " + state.name().toLowerCase() + " body=" + body + ">";
    }

    /** Moves to {@code next}, checked against the drawing on {@link State}. Loop thread only. */
    private void moveTo(State next) {
        if (next == state) {
            return; // staying (a consumer and close() both saw the end): not a transition
        }
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException(
                    this + ": state " + state + " -> " + next + " is not a transition drawn on Generator.State");
        }
        state = next;
    }

    private void produce() {
        try {
            body.run(this::emit);
            deliver(END);
        } catch (Throwable t) {
            if (item != null && !item.done()) {
                if (t instanceof CancelledError c && !(t instanceof TimeoutError)) {
                    item.cancelSelf(c.getMessage());
                } else {
                    item.fail(t);
                }
            } else {
                // Nobody waits for an item: the body was stopped while parked at a yield (by close(),
                // or its task was cancelled from outside) and ended with t. Keep it for the next
                // hasNext() or close() instead of dropping it.
                endedWith = t;
            }
        }
    }

    private void emit(T value) {
        EventLoop running = EventLoop.runningOrNull();
        Task<?> me = running == null ? null : running.currentTask();
        if (me != producer) {
            throw new IllegalStateException(
                    this + ": emit.yield() must be called by the generator's own body," + " not from "
                            + (me != null ? me : running != null ? "a loop callback" : "a thread with no event loop"));
        }
        if (state == State.CLOSED) {
            throw new CancelledError("generator closed");
        }
        Future<Void> d = loop.createFuture();
        demand = d;
        deliver(value);
        try {
            d.await();
        } catch (RuntimeException | Error interrupted) {
            throw interrupted; // cancelled, or a TaskGroupError thrown into this task: unchanged
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void deliver(Object value) {
        if (item != null && !item.done()) {
            item.complete(value);
        }
    }

    private final class Items implements Iterator<T> {
        @Override
        public boolean hasNext() {
            if (hasBuffered) {
                return true;
            }
            if (state == State.EXHAUSTED || state == State.CLOSED) {
                return false;
            }
            Future<Object> next = loop.createFuture();
            item = next;
            if (producer == null) {
                moveTo(State.ACTIVE);
                loop.registerGenerator(Generator.this);
                producer = loop.createTask(Generator.this::producerBody, "generator");
            } else if (producer.done()) {
                // The body's task was cancelled from outside while parked at a yield and has ended:
                // there is no body left to ask; report how it ended.
                item = null;
                moveTo(State.EXHAUSTED);
                loop.unregisterGenerator(Generator.this);
                Throwable t = endedWith;
                endedWith = null;
                if (t != null) {
                    throw Throwables.<RuntimeException>sneaky(t);
                }
                return false;
            } else {
                demand.complete(null);
            }
            Object v;
            waiting = loop.currentTask();
            try {
                v = next.await();
            } catch (CancelledError c) {
                stopWaiting(c);
                throw c;
            } catch (Exception e) {
                if (!next.done() || next.cancelled() || next.peekException() != e) {
                    // Not the body's failure (that completes the future with it): this consumer was
                    // interrupted while it waited, by a TaskGroupError its group threw into it, maybe
                    // right after the body handed over an item. The body is parked at its yield:
                    // cancel it, so that its finally blocks run and nothing is left waiting.
                    stopWaiting(e);
                    throw Throwables.<RuntimeException>sneaky(e);
                }
                moveTo(State.EXHAUSTED);
                loop.unregisterGenerator(Generator.this);
                throw Throwables.<RuntimeException>sneaky(e);
            } catch (Error e) {
                moveTo(State.EXHAUSTED);
                loop.unregisterGenerator(Generator.this);
                throw e;
            } finally {
                waiting = null;
            }
            if (v == END) {
                moveTo(State.EXHAUSTED);
                loop.unregisterGenerator(Generator.this);
                return false;
            }
            @SuppressWarnings("unchecked")
            T t = (T) v;
            buffered = t;
            hasBuffered = true;
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException(Generator.this + " has no more items");
            }
            hasBuffered = false;
            T t = buffered;
            buffered = null;
            return t;
        }
    }

    /** The consumer stops waiting for an item because it was cancelled or interrupted by {@code why}. */
    private void stopWaiting(Throwable why) {
        if (producer.done()) {
            moveTo(State.EXHAUSTED); // the body itself ended with it
        } else {
            producer.cancel(
                    why instanceof CancelledError
                            ? why.getMessage()
                            : "its consumer was interrupted by "
                                    + why.getClass().getSimpleName());
            moveTo(State.CLOSED);
        }
        loop.unregisterGenerator(this);
    }

    private Void producerBody() {
        produce();
        return null;
    }
}
