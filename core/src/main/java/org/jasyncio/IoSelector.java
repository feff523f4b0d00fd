package org.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The loop's I/O part: an NIO {@link Selector}, the reader and writer callbacks of each watched
 * channel, and the wake-up that lets other threads interrupt a blocking select. The third of the
 * loop's parts with the ready queue and the timer heap (DESIGN.md: the loop is composed, not
 * inherited; Netty's lesson).
 *
 * <p>Threading: loop thread only, except {@link #wakeUp()}, which any thread may call.
 */
final class IoSelector {
    private final Selector selector;
    /** Runs a reader or writer callback the way the loop runs every callback (errors reported). */
    private final Consumer<Runnable> runner;
    /**
     * Whether the loop is awake (not blocked in select): a producer wakes it only if it is not, so a
     * burst of callSoonThreadsafe costs one wakeup syscall, not one each (Netty's nextWakeupNanos idea).
     */
    private final AtomicBoolean awake = new AtomicBoolean(true);

    IoSelector(Consumer<Runnable> runner) {
        this.runner = runner;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event loop's selector", e);
        }
    }

    /** From any thread: makes a blocking {@link #select} return soon, unless the loop is awake anyway. */
    void wakeUp() {
        if (!awake.getAndSet(true)) {
            selector.wakeup();
        }
    }

    /**
     * Waits for readiness up to {@code timeoutNanos} ({@code -1}: until woken; {@code 0}: not at all)
     * and runs the callbacks of the ready channels. {@code hasOutsideWork} is checked after the loop
     * declared itself asleep, so a hand-over from another thread is never slept through. Returns the
     * number of channels that were ready.
     */
    int select(long timeoutNanos, java.util.function.BooleanSupplier hasOutsideWork) {
        try {
            int n;
            if (timeoutNanos == 0) {
                if (selector.keys().isEmpty()) {
                    return 0;
                }
                n = selector.selectNow();
            } else {
                awake.set(false);
                if (hasOutsideWork.getAsBoolean()) {
                    n = selector.keys().isEmpty() ? 0 : selector.selectNow();
                } else if (timeoutNanos < 0) {
                    n = selector.select();
                } else {
                    long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999));
                    n = selector.select(ms);
                }
                awake.set(true);
            }
            if (n > 0) {
                dispatchSelectedKeys();
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("select() failed", e);
        }
    }

    private void dispatchSelectedKeys() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (key.attachment() instanceof Callbacks io) {
                io.dispatch(key);
            }
        }
    }

    /**
     * Sets ({@code callback} not null) or clears the reader ({@code reading}) or writer of {@code channel};
     * returns whether one was set before. A channel is registered (and made non-blocking) on first use.
     */
    boolean setInterest(SelectableChannel channel, boolean reading, Runnable callback) {
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
        int ops = channel.validOps() & (reading ? SelectionKey.OP_READ | SelectionKey.OP_ACCEPT
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
    boolean awaitingIo(boolean countAccept) {
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

    void close() throws IOException {
        selector.close();
    }

    /** The reader and writer of one channel; dispatches the selector's readiness to them. */
    private final class Callbacks {
        Runnable reader;
        Runnable writer;

        void dispatch(SelectionKey key) {
            int ready;
            try {
                ready = key.readyOps();
            } catch (CancelledKeyException e) {
                return;
            }
            Runnable r = reader;
            if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && r != null) {
                runner.accept(r);
            }
            Runnable w = writer;
            if (key.isValid() && (ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && w != null) {
                runner.accept(w);
            }
        }
    }
}
