package org.jasyncio.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
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
 * If the connection is lost the iteration throws {@link RedisConnectionError} after the queued
 * messages: pub/sub is at-most-once, so messages published meanwhile are gone; subscribe again on a
 * new {@code PubSub}.
 *
 * <pre>
 * State: OPEN --close() or the connection lost--> CLOSED
 * </pre>
 * Loop thread only.
 */
public final class PubSub implements Iterable<PubSubMessage>, AutoCloseable {
    /** The subscriber's states. */
    public enum State { OPEN, CLOSED }

    private final Redis client;
    private final RedisConnection connection;
    private final EventLoop loop;
    /** Messages (PubSubMessage) and, last, the error that ended the connection (RedisConnectionError). */
    private final Queue<Object> inbox = new Queue<>();
    /** Confirmations awaited, by "subscribe:channel" etc., oldest first per name. */
    private final Map<String, ArrayDeque<Future<Void>>> confirmations = new HashMap<>();
    private State state = State.OPEN;

    private PubSub(Redis client, RedisConnection connection) {
        this.client = client;
        this.connection = connection;
        this.loop = Asyncio.getRunningLoop();
        connection.pushSink(this::onPush, connection.protocol() == 2, this::onLost);
    }

    static PubSub open(RedisOptions options) throws IOException {
        Redis c = Redis.connect(options);
        return new PubSub(c, c.link().connection());
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

    private void send(String kind, String[] names) throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException(this + " is closed: " + kind + " needs an open subscriber");
        }
        if (names.length == 0) {
            throw new IllegalArgumentException(kind + " needs at least one channel or pattern");
        }
        List<Future<Void>> waits = new ArrayList<>();
        for (String n : names) {
            Future<Void> f = loop.createFuture();
            confirmations.computeIfAbsent(kind + ":" + n, k -> new ArrayDeque<>()).add(f);
            waits.add(f);
        }
        connection.sendWithoutReply(Commands.encode(Commands.concat(kind.toUpperCase(java.util.Locale.ROOT), names)));
        for (Future<Void> f : waits) {
            client.link().awaitVoid(f);
        }
    }

    /**
     * The next message, waiting at most {@code timeout}; {@code null} if none came in time.
     *
     * @throws RedisConnectionError if the connection was lost and no message is left
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

    /** Messages as they come; {@code hasNext()} suspends until one does or the subscriber is closed. */
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
            case "message" -> inbox.putNowait(new PubSubMessage(Replies.text(parts.get(1)), null, Replies.text(parts.get(2))));
            case "pmessage" -> inbox.putNowait(new PubSubMessage(Replies.text(parts.get(2)), Replies.text(parts.get(1)),
                    Replies.text(parts.get(3))));
            case "subscribe", "psubscribe", "unsubscribe", "punsubscribe" -> {
                String name = parts.get(1) instanceof RespValue.Null ? "" : Replies.text(parts.get(1));
                ArrayDeque<Future<Void>> q = confirmations.get(kind + ":" + name);
                Future<Void> f = q == null ? null : q.poll();
                if (f != null && !f.done()) {
                    f.setResult(null);
                }
            }
            default -> { } // other pushes (e.g. client-side caching invalidations) are not ours
        }
    }

    private void onLost(RedisConnectionError e) {
        state = State.CLOSED;
        confirmations.values().forEach(q -> q.forEach(f -> {
            if (!f.done()) {
                f.setException(e);
            }
        }));
        confirmations.clear();
        if (!inbox.isShutDown()) {
            inbox.putNowait(e);
        }
    }

    /** Closes the connection; an iteration in progress ends after the queued messages. Idempotent. */
    @Override
    public void close() {
        if (state == State.OPEN) {
            state = State.CLOSED;
        }
        client.close();
        if (!inbox.isShutDown()) {
            inbox.shutdown();
        }
    }

    /** {@link State#OPEN} or {@link State#CLOSED}. */
    public State state() {
        return state;
    }

    @Override
    public String toString() {
        return "<PubSub " + state + " queued=" + inbox.qsize() + " " + connection + ">";
    }
}
