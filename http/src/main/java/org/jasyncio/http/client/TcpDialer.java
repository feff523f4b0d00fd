package org.jasyncio.http.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Done;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.ReturnWhen;
import org.jasyncio.Task;
import org.jasyncio.net.Connection;
import org.jasyncio.net.StreamReader;
import org.jasyncio.net.StreamReaderProtocol;
import org.jasyncio.net.StreamWriter;
import org.jasyncio.net.TlsOptions;

/**
 * The default {@link Dialer}: TCP (and TLS) with a small DNS cache and Happy Eyeballs (RFC 8305).
 *
 * <p>Names are resolved off the loop thread ({@link Asyncio#toThread}) and the addresses kept for
 * {@code dnsTtl} (default 10 s, aiohttp's {@code ttl_dns_cache}); concurrent lookups of one name share
 * one resolution. When a name has several addresses, they are tried interleaved by family (IPv6,
 * IPv4, IPv6, ... starting with the resolver's first), a new attempt starting every
 * {@code attemptDelay} (default 250 ms, RFC 8305's "Connection Attempt Delay") or as soon as the
 * previous one fails; the first connection made wins and the others are cancelled and closed. So a
 * host whose IPv6 route is broken costs 250 ms, not a TCP timeout.
 *
 * <pre>{@code
 * var session = ClientSession.builder()
 *         .dialer(TcpDialer.defaults().withDnsTtl(Duration.ofMinutes(1)))
 *         .build();
 * }</pre>
 *
 * A dialer serves the loop it is first used on (its cache is timed by that loop's clock). Loop thread only.
 */
public final class TcpDialer implements Dialer {
    /** Resolves a host name to its addresses; may suspend. */
    @FunctionalInterface
    public interface Resolver {
        /** The addresses of {@code host}, in the resolver's order of preference. */
        List<InetAddress> resolve(String host) throws IOException;

        /** The system resolver ({@link InetAddress#getAllByName}), run off the loop thread. */
        static Resolver system() {
            return host -> {
                try {
                    return Asyncio.toThread(() -> List.of(InetAddress.getAllByName(host)));
                } catch (IOException | RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException("resolving " + host + " failed: " + e, e);
                }
            };
        }
    }

    private record Entry(Future<List<InetAddress>> addresses, double expiresAt) {}

    private final Duration dnsTtl;
    private final Duration attemptDelay;
    private final Resolver resolver;
    private final ClientTrace trace;
    /** Host name to its cached or pending resolution. Loop thread only. */
    private final Map<String, Entry> cache = new HashMap<>();

    private EventLoop loop;

    private TcpDialer(Duration dnsTtl, Duration attemptDelay, Resolver resolver, ClientTrace trace) {
        this.dnsTtl = dnsTtl;
        this.attemptDelay = Objects.requireNonNull(attemptDelay, "attemptDelay");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.trace = trace;
    }

    /** A 10 s DNS cache, 250 ms between connection attempts, the system resolver. */
    public static TcpDialer defaults() {
        return new TcpDialer(Duration.ofSeconds(10), Duration.ofMillis(250), Resolver.system(), ClientTrace.NONE);
    }

    /** This dialer keeping resolutions for {@code ttl} ({@code null} or zero: no cache). */
    public TcpDialer withDnsTtl(Duration ttl) {
        return new TcpDialer(ttl, attemptDelay, resolver, trace);
    }

    /** This dialer starting the next connection attempt after {@code delay}. */
    public TcpDialer withAttemptDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("TcpDialer attempt delay must be >= 0, got " + delay);
        }
        return new TcpDialer(dnsTtl, delay, resolver, trace);
    }

    /** This dialer resolving names with {@code r}. */
    public TcpDialer withResolver(Resolver r) {
        return new TcpDialer(dnsTtl, attemptDelay, r, trace);
    }

    /** This dialer reporting lookups to {@code t} (the session passes its own tracer). */
    TcpDialer withTrace(ClientTrace t) {
        return new TcpDialer(dnsTtl, attemptDelay, resolver, t);
    }

    @Override
    public Connection dial(String host, int port, TlsOptions tls) throws IOException {
        EventLoop running = Asyncio.getRunningLoop();
        if (loop == null) {
            loop = running;
        } else if (loop != running) {
            throw new IllegalStateException(
                    "TcpDialer " + this + " serves " + loop + ", not " + running + ": make one dialer per loop");
        }
        SocketChannel ch = connect(interleave(resolve(host)), port, host);
        StreamReader reader = new StreamReader();
        var tp = loop.createConnection(() -> new StreamReaderProtocol(loop, reader), ch, tls);
        return new Connection(reader, new StreamWriter(tp.transport(), tp.protocol(), reader, loop));
    }

    /** The addresses of {@code host}: a literal as is, a name from the cache or the resolver. */
    List<InetAddress> resolve(String host) throws IOException {
        InetAddress literal = literal(host);
        if (literal != null) {
            return List.of(literal);
        }
        Entry e = cache.get(host);
        boolean cached = e != null && (!e.addresses().done() || loop.time() < e.expiresAt());
        if (!cached) {
            Future<List<InetAddress>> f = loop.createFuture();
            e = new Entry(f, Double.POSITIVE_INFINITY);
            cache.put(host, e);
            try {
                List<InetAddress> found = resolver.resolve(host);
                if (found.isEmpty()) {
                    throw new UnknownHostException(host + ": no address");
                }
                f.setResult(List.copyOf(found));
                double ttl = dnsTtl == null ? 0 : dnsTtl.toNanos() / 1e9;
                cache.put(host, new Entry(f, loop.time() + ttl));
            } catch (CancelledError c) {
                cache.remove(host);
                f.cancel(); // concurrent waiters of this name see the cancellation too, and try again
                throw c;
            } catch (IOException | RuntimeException | Error err) {
                cache.remove(host);
                f.setException(err); // for concurrent waiters of this name
                f.exception(); // retrieved here: this caller throws it
                throw err;
            }
        }
        List<InetAddress> addresses = await(e.addresses(), host);
        trace.dnsResolved(host, addresses, cached);
        return addresses;
    }

    private static List<InetAddress> await(Future<List<InetAddress>> f, String host) throws IOException {
        try {
            return f.await();
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("resolving " + host + " failed: " + e, e);
        }
    }

    private static InetAddress literal(String host) {
        if (host.indexOf(':') < 0 && !host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** RFC 8305 section 4: alternate the families, starting with the first address's. */
    static List<InetAddress> interleave(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return addresses;
        }
        boolean firstV6 = addresses.get(0) instanceof Inet6Address;
        List<InetAddress> first = new ArrayList<>();
        List<InetAddress> second = new ArrayList<>();
        for (InetAddress a : addresses) {
            ((a instanceof Inet6Address) == firstV6 ? first : second).add(a);
        }
        List<InetAddress> out = new ArrayList<>(addresses.size());
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < second.size()) {
                out.add(second.get(i));
            }
        }
        return out;
    }

    /** Happy Eyeballs: staggered attempts, the first to connect wins. */
    private SocketChannel connect(List<InetAddress> addresses, int port, String host) throws IOException {
        if (addresses.size() == 1) {
            return connectOne(addresses.get(0), port);
        }
        List<Task<SocketChannel>> running = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        int next = 0;
        SocketChannel winner = null;
        try {
            while (winner == null) {
                if (next < addresses.size()) {
                    InetAddress a = addresses.get(next++);
                    running.add(Asyncio.createTask(() -> connectOne(a, port), "happy-eyeballs " + a.getHostAddress()));
                }
                if (running.isEmpty()) {
                    ConnectException ce = new ConnectException(
                            "Connect call failed to every address of " + host + " port " + port + ": "
                                    + errors.stream().map(Throwable::getMessage).toList());
                    errors.forEach(ce::addSuppressed);
                    throw ce;
                }
                Done<Task<SocketChannel>> d = next < addresses.size()
                        ? Asyncio.wait(running, attemptDelay, ReturnWhen.FIRST_COMPLETED)
                        : Asyncio.wait(running, ReturnWhen.FIRST_COMPLETED);
                for (Task<SocketChannel> t : d.done()) {
                    running.remove(t);
                    if (t.exception() != null) {
                        errors.add(t.exception() instanceof Exception ex ? ex : new IOException(t.exception()));
                    } else if (winner == null) {
                        winner = resultOf(t);
                    } else {
                        closeQuietly(resultOf(t));
                    }
                }
            }
            return winner;
        } finally {
            for (Task<SocketChannel> t : running) {
                t.cancel();
                // one that connects before its cancellation lands must not leak its socket
                t.addDoneCallback(done -> {
                    if (!done.cancelled() && done.exception() == null) {
                        closeQuietly(resultOf(done));
                    }
                });
            }
        }
    }

    private static SocketChannel resultOf(Future<SocketChannel> done) {
        try {
            return done.result();
        } catch (Exception e) {
            throw new IllegalStateException("a finished connection attempt " + done + " has no channel", e);
        }
    }

    private SocketChannel connectOne(InetAddress a, int port) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            loop.sockConnect(ch, new InetSocketAddress(a, port));
            return ch;
        } catch (IOException e) {
            closeQuietly(ch);
            ConnectException ce = new ConnectException(
                    "Connect call failed " + a.getHostAddress() + ":" + port + ": " + e.getMessage());
            ce.initCause(e);
            throw ce;
        } catch (RuntimeException | Error e) {
            closeQuietly(ch); // cancelled or timed out: do not leak the half-open socket
            throw e;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a socket nobody will use
        }
    }

    /** Cached names, for tests and statistics. */
    int cached() {
        return cache.size();
    }

    @Override
    public String toString() {
        return "<TcpDialer dnsTtl=" + dnsTtl + " attemptDelay=" + attemptDelay + " cached=" + cache.size() + ">";
    }
}
