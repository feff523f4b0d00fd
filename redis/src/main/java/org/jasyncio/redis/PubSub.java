package org.jasyncio.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.Timeout;
import org.jasyncio.TimeoutError;
import org.jasyncio.queue.Queue;
import org.jasyncio.queue.QueueShutDown;
import org.jasyncio.redis.resp.RespValue;

/**
 * A subscriber on a connection of its own: an async iterator of messages whose {@code next()}
 * suspends until one comes (asyncio's {@code async for message in pubsub.listen()}).
 *
 * <pre>{@code
 * try (PubSub sub = redis.pubsub()) {
 *     sub.subscribe("news");                 // returns once Redis confirmed the subscription
 *     for (PubSubMessage m : sub) {          // suspends between messages
 *         if (m.data().equals("stop")) break;
 *     }
 * }                                          // close(): the connection closes, the iteration ends
 * }</pre>
 *
 * <p>Messages are queued as they arrive, in order, without bound (a subscriber that does not keep up
 * grows this queue; Redis disconnects it when its output buffer limit for pub/sub clients is hit).
 *
 * <p><b>A lost connection.</b> When the connection drops (the server restarts, {@code CLIENT KILL},
 * the output buffer limit, a network failure), the subscriber re-opens it with the client's backoff
 * ({@link RedisOptions#reconnectAttempts()}, {@link RedisOptions#reconnectBackoff()}) and subscribes
 * again to every channel and pattern it had; the iteration goes on and sees nothing of it, as
 * redis-py's {@code PubSub} (its {@code on_connect} re-subscribes) and Lettuce's pub/sub connections
 * do. Redis pub/sub is at-most-once: a message published while no connection was subscribed
 * ({@code PUBLISH} counted no receiver for this subscriber) is gone for good; what must not be lost
 * belongs in a stream ({@link StreamQueue}). Only when every attempt failed does the iteration throw
 * {@link RedisConnectionError}, after the messages already queued, and the subscriber is closed.
 * {@code subscribe}/{@code unsubscribe} called meanwhile wait for the reconnection, then proceed.
 *
 * <pre>
 * State: OPEN --connection lost--> RECONNECTING --connection re-opened, everything re-subscribed--> OPEN
 *        RECONNECTING --every attempt failed--> CLOSED
 *        OPEN, RECONNECTING --close()--> CLOSED
 * </pre>
 * Loop thread only.
 */
public final class PubSub implements Iterable<PubSubMessage>, AutoCloseable {
    /** The subscriber's states. */
    public enum State {
        OPEN,
        RECONNECTING,
        CLOSED
    }

    private final Redis client;
    private final EventLoop loop;
    /** Messages (PubSubMessage) and, last, the error that ended the subscriber (RedisConnectionError). */
    private final Queue<Object> inbox = new Queue<>();
    /** Confirmations awaited on the current connection, by "subscribe:channel" etc., oldest first per name. */
    private final Map<String, ArrayDeque<Future<Void>>> confirmations = new HashMap<>();
    /**
     * Callers' confirmations whose connection was lost before Redis sent them: completed once the
     * reconnection re-subscribed everything (the sets below already say what the caller asked for).
     */
    private final List<Future<Void>> carried = new ArrayList<>();
    /** The reconnection's own confirmations: failed (not carried) if the new connection drops too. */
    private final Set<Future<Void>> resubscribing = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Invariant: what the caller subscribed to and did not unsubscribe from, in order; re-subscribed after a loss. */
    private final Set<String> channels = new LinkedHashSet<>();

    private final Set<String> patterns = new LinkedHashSet<>();
    /** The current connection; a new one after each reconnection. */
    private RedisConnection connection;
    /** Invariant: non-null, not done, exactly while RECONNECTING. */
    private Task<Void> reconnecting;
    /** Completed (never failed) when the current reconnection ends, whichever way. */
    private Future<Void> reconnected;

    private long reconnects;
    private State state = State.OPEN;

    private PubSub(Redis client, RedisConnection connection) {
        this.client = client;
        this.loop = Asyncio.getRunningLoop();
        attach(connection);
    }

    static PubSub open(RedisOptions options) throws IOException {
        Redis c = Redis.connect(options);
        return new PubSub(c, c.link().connection());
    }

    private void attach(RedisConnection c) {
        this.connection = c;
        c.pushSink(this::onPush, c.protocol() == 2, e -> onLost(c, e));
    }

    /** {@code SUBSCRIBE channel...}; returns when Redis confirmed each. */
    public void subscribe(String... channels) throws IOException {
        send("subscribe", channels);
    }

    /** {@code PSUBSCRIBE pattern...}; returns when Redis confirmed each. */
    public void psubscribe(String... patterns) throws IOException {
        send("psubscribe", patterns);
    }

    /** {@code UNSUBSCRIBE channel...}; returns when Redis confirmed each. */
    public void unsubscribe(String... channels) throws IOException {
        send("unsubscribe", channels);
    }

    /** {@code PUNSUBSCRIBE pattern...}; returns when Redis confirmed each. */
    public void punsubscribe(String... patterns) throws IOException {
        send("punsubscribe", patterns);
    }

    private void send(String kind, String[] names) throws IOException {
        if (names.length == 0) {
            throw new IllegalArgumentException(kind + " needs at least one channel or pattern");
        }
        // A reconnection in progress re-subscribes from a snapshot of the sets: change them after it.
        while (state == State.RECONNECTING) {
            awaitQuietly(reconnected);
        }
        if (state != State.OPEN) {
            throw new IllegalStateException(this + " is closed: " + kind + " needs an open subscriber");
        }
        switch (kind) {
            case "subscribe" -> Collections.addAll(channels, names);
            case "psubscribe" -> Collections.addAll(patterns, names);
            case "unsubscribe" -> List.of(names).forEach(channels::remove);
            default -> List.of(names).forEach(patterns::remove);
        }
        List<Future<Void>> waits = expect(kind, names);
        try {
            connection.sendWithoutReply(Commands.encode(Commands.concat(kind.toUpperCase(Locale.ROOT), names)));
        } catch (RedisConnectionError e) {
            // The connection is closing and its loss is about to be reported: the reconnection will
            // carry these confirmations over and complete them once the sets are subscribed again.
        }
        for (Future<Void> f : waits) {
            client.link().awaitVoid(f);
        }
    }

    private List<Future<Void>> expect(String kind, Iterable<String> names) {
        List<Future<Void>> waits = new ArrayList<>();
        for (String n : names) {
            Future<Void> f = loop.createFuture();
            confirmations
                    .computeIfAbsent(kind + ":" + n, k -> new ArrayDeque<>())
                    .add(f);
            waits.add(f);
        }
        return waits;
    }

    private List<Future<Void>> expect(String kind, String[] names) {
        return expect(kind, List.of(names));
    }

    /**
     * The next message, waiting at most {@code timeout}; {@code null} if none came in time.
     *
     * @throws RedisConnectionError if the connection was lost for good (every reconnection attempt
     *     failed) and no message is left
     * @throws NoSuchElementException if the subscriber is closed and no message is left
     */
    public PubSubMessage getMessage(Duration timeout) throws IOException {
        try (Timeout t = Asyncio.timeout(timeout)) {
            return take();
        } catch (TimeoutError e) {
            return null;
        }
    }

    private PubSubMessage take() throws IOException {
        Object o;
        try {
            o = inbox.get();
        } catch (QueueShutDown e) {
            throw new NoSuchElementException(this + " is closed and has no more messages");
        }
        if (o instanceof RedisConnectionError e) {
            inbox.shutdown();
            throw e;
        }
        return (PubSubMessage) o;
    }

    /**
     * Messages as they come; {@code hasNext()} suspends until one does or the subscriber is closed.
     * A lost connection is re-opened behind the iteration; if that fails for good, {@code hasNext()}
     * throws {@link java.io.UncheckedIOException} wrapping the {@link RedisConnectionError}.
     */
    @Override
    public Iterator<PubSubMessage> iterator() {
        return new Iterator<>() {
            private PubSubMessage next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                try {
                    next = take();
                    return true;
                } catch (NoSuchElementException e) {
                    return false;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public PubSubMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException(PubSub.this + " is closed and has no more messages");
                }
                PubSubMessage m = next;
                next = null;
                return m;
            }
        };
    }

    private void onPush(RespValue v) {
        List<RespValue> parts = Replies.elements(v);
        if (parts.isEmpty()) {
            return;
        }
        String kind = Replies.text(parts.get(0));
        switch (kind) {
            case "message" ->
                inbox.putNowait(new PubSubMessage(Replies.text(parts.get(1)), null, Replies.text(parts.get(2))));
            case "pmessage" ->
                inbox.putNowait(new PubSubMessage(
                        Replies.text(parts.get(2)), Replies.text(parts.get(1)), Replies.text(parts.get(3))));
            case "subscribe", "psubscribe", "unsubscribe", "punsubscribe" -> {
                String name = parts.get(1) instanceof RespValue.Null ? "" : Replies.text(parts.get(1));
                ArrayDeque<Future<Void>> q = confirmations.get(kind + ":" + name);
                Future<Void> f = q == null ? null : q.poll();
                if (f != null && !f.done()) {
                    f.setResult(null);
                }
            }
            default -> {} // other pushes (e.g. client-side caching invalidations) are not ours
        }
    }

    /** The loss of connection {@code c} (called once per connection, on the loop thread). */
    private void onLost(RedisConnection c, RedisConnectionError e) {
        if (c != connection) {
            return; // one the reconnection already left behind: its confirmations were dealt with
        }
        for (ArrayDeque<Future<Void>> q : confirmations.values()) {
            for (Future<Void> f : q) {
                if (f.done()) {
                    continue;
                }
                if (state == State.CLOSED || resubscribing.remove(f)) {
                    f.setException(e); // closed: nothing will confirm it; the reconnection's own: it tries again
                } else {
                    carried.add(f);
                }
            }
        }
        confirmations.clear();
        if (state != State.OPEN) {
            return; // closed, or the reconnection already runs and sees its own confirmations fail
        }
        state = State.RECONNECTING;
        reconnected = loop.createFuture();
        try {
            reconnecting = loop.createTask(() -> reconnect(e), "PubSub-reconnect");
        } catch (RuntimeException loopClosing) {
            giveUp(e);
        }
    }

    /**
     * Re-opens the connection (with the link's attempts and backoff) and subscribes again to every
     * channel and pattern. A new connection lost again while re-subscribing starts another round,
     * after the backoff, at most {@link RedisOptions#reconnectAttempts()} more times.
     */
    private void reconnect(RedisConnectionError cause) {
        RedisConnectionError last = cause;
        Duration delay = client.options().reconnectBackoff();
        try {
            for (int round = 0; round <= client.options().reconnectAttempts(); round++) {
                if (round > 0) {
                    Asyncio.sleep(delay);
                    delay = delay.multipliedBy(2).compareTo(RedisOptions.MAX_BACKOFF) > 0
                            ? RedisOptions.MAX_BACKOFF
                            : delay.multipliedBy(2);
                }
                RedisConnection c;
                try {
                    c = client.link().connection();
                } catch (RedisConnectionError e) {
                    last = e; // the link spent its own attempts and backoff: give up
                    break;
                }
                try {
                    attach(c);
                    resubscribe(c, "subscribe", channels);
                    resubscribe(c, "psubscribe", patterns);
                } catch (RedisConnectionError e) {
                    last = e;
                    continue;
                }
                if (!c.isOpen()) {
                    // Lost after its last confirmation (or with nothing to confirm): its loss, seen while
                    // RECONNECTING, started nothing; go round again rather than sit on a dead connection.
                    last = new RedisConnectionError("the connection to Redis was lost again while subscribing", null);
                    continue;
                }
                reconnects++;
                state = State.OPEN;
                reconnecting = null;
                carried.forEach(f -> {
                    if (!f.done()) {
                        f.setResult(null);
                    }
                });
                carried.clear();
                reconnected.setResult(null);
                return;
            }
        } catch (CancelledError e) {
            throw e; // close(): it has done the rest
        } catch (IOException | RuntimeException e) {
            last = new RedisConnectionError(
                    "pub/sub could not subscribe again after the connection was lost: " + e.getMessage(), e);
        }
        giveUp(last);
    }

    private static void awaitQuietly(Future<Void> f) {
        try {
            f.await();
        } catch (CancelledError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unreachable: " + f + " is only ever given a result", e);
        }
    }

    private void resubscribe(RedisConnection c, String kind, Set<String> names) throws IOException {
        if (names.isEmpty()) {
            return;
        }
        String[] all = names.toArray(String[]::new);
        List<Future<Void>> waits = expect(kind, all);
        resubscribing.addAll(waits);
        c.sendWithoutReply(Commands.encode(Commands.concat(kind.toUpperCase(Locale.ROOT), all)));
        try {
            for (Future<Void> f : waits) {
                client.link().awaitVoid(f);
            }
        } catch (TimeoutError e) {
            c.abort(); // no confirmation in time: a new connection, and the loss starts the next round
            throw new RedisConnectionError("Redis did not confirm " + kind + " within the command timeout", null);
        } finally {
            resubscribing.removeAll(waits);
        }
    }

    /** Every attempt failed: the subscriber closes; the iteration throws {@code error} after what is queued. */
    private void giveUp(RedisConnectionError error) {
        state = State.CLOSED;
        reconnecting = null;
        if (reconnected != null && !reconnected.done()) {
            reconnected.setResult(null);
        }
        carried.forEach(f -> {
            if (!f.done()) {
                f.setException(error);
            }
        });
        carried.clear();
        client.close();
        if (!inbox.isShutDown()) {
            inbox.putNowait(error);
        }
    }

    /** Closes the connection; an iteration in progress ends after the queued messages. Idempotent. */
    @Override
    public void close() {
        state = State.CLOSED;
        if (reconnecting != null) {
            reconnecting.cancel();
            reconnecting = null;
        }
        if (reconnected != null && !reconnected.done()) {
            reconnected.setResult(null);
        }
        carried.forEach(f -> {
            if (!f.done()) {
                f.cancel();
            }
        });
        carried.clear();
        client.close();
        if (!inbox.isShutDown()) {
            inbox.shutdown();
        }
    }

    /** {@link State#OPEN}, {@link State#RECONNECTING} or {@link State#CLOSED}. */
    public State state() {
        return state;
    }

    /** How many times the subscriber re-opened its connection and subscribed again after a loss. */
    public long reconnects() {
        return reconnects;
    }

    /** The channels subscribed to (and re-subscribed after a loss), in order. */
    public Set<String> channels() {
        return Collections.unmodifiableSet(channels);
    }

    /** The patterns subscribed to (and re-subscribed after a loss), in order. */
    public Set<String> patterns() {
        return Collections.unmodifiableSet(patterns);
    }

    @Override
    public String toString() {
        return "<PubSub " + state + " channels=" + channels.size() + " patterns=" + patterns.size() + " queued="
                + inbox.qsize() + " reconnects=" + reconnects + " " + connection + ">";
    }
}
