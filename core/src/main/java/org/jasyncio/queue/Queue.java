package org.jasyncio.queue;

import org.jasyncio.CancelledError;
import org.jasyncio.sync.Event;
import org.jasyncio.sync.ParkingLot;

/**
 * A first-in, first-out queue for tasks (asyncio's {@code Queue}, with Python 3.13's
 * {@link #shutdown()}): {@link #put} waits while a bounded queue is full, {@link #get} waits while it
 * is empty, and {@link #join} waits until every item put has been marked done with {@link #taskDone}.
 *
 * <pre>{@code
 * Queue<String> queue = new Queue<>(100);            // at most 100 items; 0 means unbounded
 * Task<Void> consumer = Asyncio.createTask(() -> {
 *     try {
 *         while (true) {
 *             String line = queue.get();
 *             System.out.println(line);
 *             queue.taskDone();
 *         }
 *     } catch (QueueShutDown end) { }                 // shut down and drained
 * });
 * queue.put("hello");
 * queue.join();                                       // every item handled
 * queue.shutdown();                                   // consumer ends
 * }</pre>
 *
 * <p><b>Fairness.</b> Waiting getters and putters are served in arrival order, on the same fair
 * {@link ParkingLot} as the sync primitives. A waiter woken by an item (or free slot) that another
 * task took first goes back to the <em>front</em> of the line, not the back as in asyncio. A getter
 * cancelled after it was woken passes the wake-up to the next getter; the item stays in the queue.
 *
 * <p>{@code null} is a valid item (Python code often puts {@code None} as an end marker), except in a
 * {@link PriorityQueue}. Loop thread only.
 *
 * @param <T> the item type
 */
public sealed class Queue<T> permits PriorityQueue, LifoQueue {
    /**
     * <pre>
     * OPEN --shutdown()-----> SHUT_DOWN  (puts refused; gets drain what is left, then refused)
     * OPEN --shutdown(true)-> SHUT_DOWN  (items dropped at once; join() released)
     * </pre>
     * SHUT_DOWN is final; shutting down again only drops items if {@code immediate}.
     */
    public enum State {
        OPEN,
        SHUT_DOWN
    }

    /**
     * What a queue can report.
     *
     * @param state open or shut down
     * @param qsize items in the queue
     * @param maxsize the bound, 0 for none
     * @param getters tasks waiting in {@code get()}
     * @param putters tasks waiting in {@code put()}
     * @param unfinished items put and not yet marked done with {@code taskDone()}
     */
    public record Statistics(State state, int qsize, int maxsize, int getters, int putters, int unfinished) {}

    private final int maxsize;
    private final Store<T> store;
    private final ParkingLot getters = new ParkingLot();
    private final ParkingLot putters = new ParkingLot();
    /** Set exactly when {@link #unfinished} is 0. */
    private final Event finished = new Event();
    /** Items put and not yet marked done. Invariant: {@code >= 0}. Loop thread only. */
    private int unfinished;
    /** Transitions as drawn on {@link State}. Loop thread only. */
    private State state = State.OPEN;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * A queue holding at most {@code maxsize} items; {@code maxsize <= 0} means unbounded (as in asyncio).
     */
    public Queue(int maxsize) {
        this(maxsize, DequeStore.fifo(maxsize));
    }

    Queue(int maxsize, Store<T> store) {
        this.maxsize = Math.max(0, maxsize);
        this.store = store;
        finished.set();
    }

    /**
     * Puts an item, waiting in line while the queue is full.
     *
     * @throws QueueShutDown if the queue is shut down, or is shut down while this task waits
     * @throws CancelledError if the task is cancelled while waiting; the item is then not put
     */
    public final void put(T item) {
        ParkingLot.requireTask("Queue.put()");
        if (state == State.OPEN && (maxsize == 0 || store.size() < maxsize)) {
            // The fast path (issue 14): room now, so no wait and no second round of checks; written
            // out flat, since until the JIT has compiled it (a benchmark's first iterations, a
            // service's first requests) every call on it is an interpreted call.
            store.add(item);
            unfinished++;
            finished.clear(); // set exactly when nothing is unfinished; see add()
            getters.unpark(1);
            return;
        }
        boolean woken = false;
        while (true) {
            if (state == State.SHUT_DOWN) {
                throw shutDown("put()");
            }
            if (!full()) {
                break;
            }
            if (woken) {
                putters.parkFirst();
            } else {
                putters.park();
            }
            woken = true;
        }
        putNowait(item);
    }

    /**
     * Puts an item without waiting.
     *
     * @throws QueueFull if the queue holds {@code maxsize} items
     * @throws QueueShutDown if the queue is shut down
     */
    public final void putNowait(T item) {
        if (state == State.SHUT_DOWN) {
            throw shutDown("putNowait()");
        }
        if (full()) {
            throw new QueueFull("Queue " + this + " is full: putNowait() refuses to wait; use put() to wait for room");
        }
        add(item);
    }

    /** Adds an item the checks allowed and wakes the oldest getter, if one waits. */
    private void add(T item) {
        store.add(item);
        unfinished++;
        // The join event is set exactly when nothing is unfinished. Cleared at every put, not only at
        // the put that leaves 0 (issue 14): that branch is taken once in a queue's life, at its first
        // put, so the JIT compiled it as never taken and every new queue's first put threw away the
        // compiled put and whatever had inlined it. Clearing a clear event is one field store.
        finished.clear();
        getters.unpark(1);
    }

    /**
     * Removes and returns the next item, waiting in line while the queue is empty.
     *
     * @throws QueueShutDown if the queue is shut down and empty (also while waiting)
     * @throws CancelledError if the task is cancelled while waiting; no item is taken then
     */
    public final T get() {
        ParkingLot.requireTask("Queue.get()");
        if (store.size() != 0) {
            T item = store.remove(); // the fast path (issue 14): an item is there, so no wait
            putters.unpark(1);
            return item;
        }
        boolean woken = false;
        while (empty()) {
            if (state == State.SHUT_DOWN) {
                throw shutDown("get()");
            }
            if (woken) {
                getters.parkFirst();
            } else {
                getters.park();
            }
            woken = true;
        }
        return getNowait();
    }

    /**
     * Removes and returns the next item without waiting.
     *
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is shut down and empty
     */
    public final T getNowait() {
        if (empty()) {
            if (state == State.SHUT_DOWN) {
                throw shutDown("getNowait()");
            }
            throw new QueueEmpty(
                    "Queue " + this + " is empty: getNowait() refuses to wait; use get() to wait for an item");
        }
        return take();
    }

    /** Removes the next item (the queue is not empty) and wakes the oldest putter, if one waits. */
    private T take() {
        T item = store.remove();
        putters.unpark(1);
        return item;
    }

    /**
     * Marks one item taken with {@code get} as fully handled; when every item put has been, tasks in
     * {@link #join()} wake up.
     *
     * @throws IllegalStateException if called more times than items were put (asyncio's ValueError)
     */
    public final void taskDone() {
        if (unfinished <= 0) {
            throw new IllegalStateException("Queue " + this + ": taskDone() called too many times;"
                    + " call it once per item taken, after handling it");
        }
        if (--unfinished == 0) {
            finished.set();
        }
    }

    /**
     * Waits until every item put has been marked done with {@link #taskDone()} (or dropped by
     * {@code shutdown(true)}); returns at once if none is unfinished.
     *
     * @throws CancelledError if the task is cancelled while waiting
     */
    public final void join() {
        ParkingLot.requireTask("Queue.join()");
        if (unfinished > 0) {
            finished.await();
        }
    }

    /**
     * Shuts the queue down gently: {@code put} is refused from now on, waiting putters get
     * {@link QueueShutDown}, and getters take what is left, then get {@link QueueShutDown}.
     */
    public final void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (Python 3.13's {@code shutdown(immediate)}). With {@code immediate} the
     * items still queued are dropped at once, each counting as done for {@link #join()}, and every
     * waiting getter gets {@link QueueShutDown}; otherwise as {@link #shutdown()}.
     */
    public final void shutdown(boolean immediate) {
        state = State.SHUT_DOWN;
        if (immediate) {
            while (store.size() > 0) {
                store.remove();
                if (unfinished > 0) {
                    unfinished--;
                }
            }
            if (unfinished == 0) {
                finished.set();
            }
        }
        getters.unparkAll();
        putters.unparkAll();
    }

    /** Whether it was shut down. */
    public final boolean isShutDown() {
        return state == State.SHUT_DOWN;
    }

    /** Items in the queue. */
    public final int qsize() {
        return store.size();
    }

    /** The bound; 0 for an unbounded queue. */
    public final int maxsize() {
        return maxsize;
    }

    /** Whether it holds no item. */
    public final boolean empty() {
        return store.size() == 0;
    }

    /** Whether it is bounded and holds {@code maxsize} items. */
    public final boolean full() {
        return maxsize > 0 && store.size() >= maxsize;
    }

    /** Items put and not yet marked done. */
    public final int unfinishedTasks() {
        return unfinished;
    }

    /** The current state. */
    public final State state() {
        return state;
    }

    /** Size, bound, waiters and unfinished items. */
    public final Statistics statistics() {
        return new Statistics(state, qsize(), maxsize, getters.size(), putters.size(), unfinished);
    }

    private QueueShutDown shutDown(String method) {
        return new QueueShutDown("Queue " + this + " is shut down: " + method + " refused"
                + (method.startsWith("get") ? " (and no item is left)" : ""));
    }

    @Override
    public final String toString() {
        return "<" + store.kind() + " " + state.name().toLowerCase() + " qsize=" + qsize() + " maxsize=" + maxsize
                + " getters=" + getters.size() + " putters=" + putters.size() + " unfinished=" + unfinished + ">";
    }
}
