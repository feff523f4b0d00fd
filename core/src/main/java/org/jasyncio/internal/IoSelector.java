package org.jasyncio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The loop's I/O part: an NIO {@link Selector}, the reader and writer callbacks of each watched
 * channel, and the wake-up that lets other threads interrupt a blocking select. The third of the
 * loop's parts with the ready queue and the timer heap (docs/design.md: the loop is composed, not
 * inherited; Netty's lesson).
 *
 * <p>Threading: loop thread only, except {@link #wakeUp()}, which any thread may call.
 */
public final class IoSelector {

    private final Selector selector;
    /** Runs a reader or writer callback the way the loop runs every callback (errors reported). */
    private final Consumer<Runnable> runner;
    /**
     * Whether the loop is awake (not blocked in select): a producer wakes it only if it is not, so a
     * burst of callSoonThreadsafe costs one wakeup syscall, not one each (Netty's nextWakeupNanos idea).
     *
     * <p>Why no wake-up is lost. The producer (callSoonThreadsafe) does P1: add to the thread-safe
     * queue, P2: {@link #wakeUp()}, which reads {@code awake} and, only if it reads false, sets it
     * with getAndSet and calls {@code selector.wakeup()} if that getAndSet returned false. The loop,
     * before a blocking select, does L1: {@code awake.set(false)}, L2: checks the queue (and skips the
     * blocking select if it has work), L3: selects, L4: {@code awake.set(true)}. Every one of these is
     * a volatile access, so they fall in one total order consistent with each thread's program order.
     * Take a producer whose P2 reads true and so does not wake the loop. Either P2 comes before L1:
     * then P1 < P2 < L1 < L2 and L2 sees the callback, the loop does not block. Or P2 comes after L1:
     * then some write of true came between L1 and P2, either the loop's own L4 (the loop is past this
     * select and checks the queue before its next one), or another producer's getAndSet, which read
     * the false of L1 and therefore calls {@code selector.wakeup()}; a wakeup() that comes before the
     * select starts makes it return at once, so the select of L3 returns either way. The plain read
     * before the getAndSet only skips the write when it would change nothing (true stays true); it
     * makes the common case, a burst from producers while the loop is busy, a shared read of a cache
     * line instead of a contended write to it.
     */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    /**
     * The keys the last select reported, with the ready operations it reported for each, in
     * {@code readyKeys[0..readyCount)}: filled by the select's action, then dispatched once the select
     * has returned. Reused from select to select (the JDK's selected-key set costs a HashMap node and an
     * iterator per ready key, and a HashMap never shrinks: after one burst of 10k ready channels every
     * later iteration would scan its ~16k buckets). Dispatched after the select, not inside its action,
     * because the JDK runs the action holding the selector's monitor, and a callback resumes tasks:
     * none of them should run inside a monitor of the JDK's. The ready operations are kept per entry
     * because a selector may report one key twice with a subset each time (kqueue reports read and
     * write separately), and each report replaces the key's ready set. Loop thread only.
     */
    private SelectionKey[] readyKeys = new SelectionKey[64];

    private int[] readyOps = new int[64];
    private int readyCount;
    private final Consumer<SelectionKey> collect = this::collect;

    public IoSelector(Consumer<Runnable> runner) {
        this.runner = runner;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event loop's selector", e);
        }
    }

    /**
     * From any thread: makes a blocking {@link #select} return soon, unless the loop is awake anyway.
     * Call it after making the work visible that the loop checks before it blocks (see {@link #awake}).
     */
    public void wakeUp() {
        if (!awake.get() && !awake.getAndSet(true)) {
            selector.wakeup();
        }
    }

    /**
     * Waits for readiness up to {@code timeoutNanos} ({@code -1}: until woken; {@code 0}: not at all)
     * and runs the callbacks of the ready channels. {@code hasOutsideWork} is checked after the loop
     * declared itself asleep, so a hand-over from another thread is never slept through. Returns the
     * number of channels that were ready.
     */
    public int select(long timeoutNanos, BooleanSupplier hasOutsideWork) {
        readyCount = 0;
        try {
            if (timeoutNanos == 0) {
                if (selector.keys().isEmpty()) {
                    return 0;
                }
                selector.selectNow(collect);
            } else {
                awake.set(false);
                if (hasOutsideWork.getAsBoolean()) {
                    if (!selector.keys().isEmpty()) {
                        selector.selectNow(collect);
                    }
                } else {
                    if (timeoutNanos < 0) {
                        selector.select(collect);
                    } else {
                        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999));
                        selector.select(collect, ms);
                    }
                }
                awake.set(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select() failed", e);
        }
        int n = readyCount;
        if (n > 0) {
            dispatchReadyKeys(n);
        }
        return n;
    }

    /** The select's action: notes {@code key} and what it is ready for, for {@link #dispatchReadyKeys}. */
    private void collect(SelectionKey key) {
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            return; // its channel was closed by another thread during the select: nothing to dispatch
        }
        int i = readyCount;
        if (i == readyKeys.length) {
            readyKeys = Arrays.copyOf(readyKeys, i * 2);
            readyOps = Arrays.copyOf(readyOps, i * 2);
        }
        readyKeys[i] = key;
        readyOps[i] = ready;
        readyCount = i + 1;
    }

    /**
     * Runs the callbacks of the {@code n} keys the select reported, in the order reported. A callback
     * may close another reported channel or remove its reader or writer: the key's validity and its
     * reader and writer are read again for each entry, just before it is dispatched, so a callback
     * removed meanwhile is not called (as with the selected-key set before).
     */
    private void dispatchReadyKeys(int n) {
        SelectionKey[] keys = readyKeys;
        int[] ops = readyOps;
        for (int i = 0; i < n; i++) {
            SelectionKey key = keys[i];
            keys[i] = null; // no reference kept to a channel closed later
            if (key.attachment() instanceof Callbacks io) {
                io.dispatch(key, ops[i]);
            }
        }
    }

    /**
     * Sets ({@code callback} not null) or clears the reader ({@code reading}) or writer of {@code channel};
     * returns whether one was set before. A channel is registered (and made non-blocking) on first use.
     */
    public boolean setInterest(SelectableChannel channel, boolean reading, Runnable callback) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            if (callback == null) {
                return false;
            }
            try {
                channel.configureBlocking(false);
                key = channel.register(selector, 0, new Callbacks());
            } catch (ClosedChannelException e) {
                throw new IllegalStateException("cannot watch " + channel + ": it is closed", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot register " + channel + " with the loop's selector", e);
            }
        }
        Callbacks io = (Callbacks) key.attachment();
        Runnable previous = reading ? io.reader : io.writer;
        int ops = channel.validOps()
                & (reading
                        ? SelectionKey.OP_READ | SelectionKey.OP_ACCEPT
                        : SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
        if (reading) {
            io.reader = callback;
        } else {
            io.writer = callback;
        }
        int before = key.interestOps();
        int after = callback == null ? before & ~ops : before | ops;
        if (before != after) {
            key.interestOps(after);
        }
        return previous != null;
    }

    /**
     * Whether some channel waits for I/O: read, write or connect interest on a live key, and accept
     * interest only if {@code countAccept}. For the virtual clock's jumps accept does not count: a
     * listening server waits for the outside world indefinitely, and time must still jump while it
     * listens; for the deadlock check it does (a client from outside may still connect). Computed by a
     * scan of the keys, not a counter, so that a channel closed without removing its interest (its key
     * cancelled behind the loop's back) cannot stop virtual time for good. Only the virtual clock's
     * idle path asks.
     */
    public boolean awaitingIo(boolean countAccept) {
        int mask = countAccept ? ~0 : ~SelectionKey.OP_ACCEPT;
        for (SelectionKey key : selector.keys()) {
            try {
                if (key.isValid() && (key.interestOps() & mask) != 0) {
                    return true;
                }
            } catch (CancelledKeyException raced) {
                // cancelled between the two calls: not waiting
            }
        }
        return false;
    }

    /** Whether no channel is registered (not even a cancelled one still to flush): a select(0) would do nothing. */
    public boolean idle() {
        return selector.keys().isEmpty();
    }

    /** How many channels are registered with a live key (for statistics). Loop thread only. */
    public int registrations() {
        int n = 0;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                n++;
            }
        }
        return n;
    }

    public void close() throws IOException {
        selector.close();
    }

    /** The reader and writer of one channel; dispatches the selector's readiness to them. */
    private final class Callbacks {
        Runnable reader;
        Runnable writer;

        void dispatch(SelectionKey key, int ready) {
            Runnable r = reader;
            if (key.isValid() && (ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && r != null) {
                runner.accept(r);
            }
            Runnable w = writer;
            if (key.isValid() && (ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && w != null) {
                runner.accept(w);
            }
        }
    }
}
