package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.internal.Throwables;
import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.DatagramEndpoint;
import org.jasyncio.net.DatagramProtocol;
import org.jasyncio.net.Server;
import org.jasyncio.net.TlsOptions;
import org.jasyncio.net.Transport;
import org.jasyncio.net.TransportProtocol;
import org.jasyncio.sync.ParkingLot;

/**
 * The implementation of the loop's low-level networking methods (asyncio's
 * {@code loop.create_connection}, {@code loop.create_server}, {@code loop.sock_*},
 * {@code loop.start_tls}), as statics taking the loop. Their one public spelling is
 * {@link EventLoop}'s methods of the same names, which delegate here.
 *
 * <p>Every method here suspends: call it inside a task on {@code loop}. Name resolution runs on the
 * loop's default executor, never on the loop thread (a numeric host, {@code 127.0.0.1} or {@code ::1},
 * needs none); all socket I/O runs on the loop thread, driven by its selector.
 */
public final class Loops {
    private Loops() {}

    // ---- connections ----

    /**
     * Opens a TCP connection to {@code host:port} (trying every address {@code host} resolves to, in
     * order) and connects a new protocol from {@code factory} to it.
     *
     * @throws java.net.UnknownHostException if {@code host} does not resolve
     * @throws ConnectException if every address refused or failed
     */
    public static <P extends BaseProtocol> TransportProtocol<P> createConnection(
            EventLoop loop, Supplier<P> factory, String host, int port) throws IOException {
        return createConnection(loop, factory, host, port, null);
    }

    /**
     * {@link #createConnection(EventLoop, Supplier, String, int)} over TLS when {@code tls} is not
     * {@code null}: returns once the handshake is done (the server name defaults to {@code host}).
     */
    public static <P extends BaseProtocol> TransportProtocol<P> createConnection(
            EventLoop loop, Supplier<P> factory, String host, int port, TlsOptions tls) throws IOException {
        Objects.requireNonNull(factory, "factory");
        SocketChannel ch = connectTcp(loop, host, port);
        // the server name defaults to host
        TlsOptions named = tls == null || tls.serverName() != null ? tls : tls.withServerName(host);
        return connected(loop, ch, factory, named, false, false);
    }

    /** Opens a Unix-domain stream connection to the socket file {@code path}. */
    public static <P extends BaseProtocol> TransportProtocol<P> createUnixConnection(
            EventLoop loop, Supplier<P> factory, Path path) throws IOException {
        return createUnixConnection(loop, factory, path, null);
    }

    /** {@link #createUnixConnection(EventLoop, Supplier, Path)}, over TLS if {@code tls} is not {@code null}. */
    public static <P extends BaseProtocol> TransportProtocol<P> createUnixConnection(
            EventLoop loop, Supplier<P> factory, Path path, TlsOptions tls) throws IOException {
        Objects.requireNonNull(factory, "factory");
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            sockConnect(loop, ch, UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(ch);
            if (e instanceof ConnectException || !(e instanceof IOException io)) {
                throw e;
            }
            ConnectException ce = new ConnectException("Connect call failed " + path + ": " + io.getMessage());
            ce.initCause(io);
            throw ce;
        }
        return connected(loop, ch, factory, tls, true, false);
    }

    /**
     * Connects a transport and protocol to an already connected channel: asyncio's {@code sock=}
     * argument of {@code create_connection} (TLS as the client), or its
     * {@code connect_accepted_socket} when {@code serverSide} (TLS as the server).
     */
    public static <P extends BaseProtocol> TransportProtocol<P> connectChannel(
            EventLoop loop, Supplier<P> factory, SocketChannel channel, TlsOptions tls, boolean serverSide)
            throws IOException {
        boolean unix = channel.getRemoteAddress() instanceof UnixDomainSocketAddress;
        return connected(loop, channel, factory, tls, unix, serverSide);
    }

    private static <P extends BaseProtocol> TransportProtocol<P> connected(
            EventLoop loop, SocketChannel ch, Supplier<P> factory, TlsOptions tls, boolean unix, boolean serverSide)
            throws IOException {
        P protocol;
        SocketTransport raw;
        try {
            protocol = Objects.requireNonNull(factory.get(), "protocol factory returned null");
            if (tls == null) {
                raw = new SocketTransport(loop, ch, protocol, unix);
            } else {
                raw = new SocketTransport(loop, ch, new TlsLayer(loop, protocol, tls, serverSide), unix);
            }
        } catch (RuntimeException | Error e) {
            closeQuietly(ch);
            throw e;
        }
        Future<Void> waiter = loop.createFuture();
        if (raw.getProtocol() instanceof TlsLayer layer) {
            layer.setWaiter(waiter);
            raw.start(null, null);
        } else {
            raw.start(null, waiter);
        }
        try {
            awaitIo(waiter);
        } catch (IOException | RuntimeException | Error e) {
            raw.abort();
            throw e;
        }
        Transport t = raw.getProtocol() instanceof TlsLayer layer ? layer.appTransport() : raw;
        return new TransportProtocol<>(t, protocol);
    }

    /** Resolves {@code host} and connects a non-blocking TCP channel to the first address that accepts. */
    static SocketChannel connectTcp(EventLoop loop, String host, int port) throws IOException {
        List<InetAddress> addresses = resolve(loop, host);
        List<IOException> errors = new ArrayList<>();
        for (InetAddress a : addresses) {
            InetSocketAddress target = new InetSocketAddress(a, port);
            SocketChannel ch = SocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                sockConnect(loop, ch, target);
                return ch;
            } catch (IOException e) {
                closeQuietly(ch);
                ConnectException ce = new ConnectException("Connect call failed " + target + ": " + e.getMessage());
                ce.initCause(e);
                errors.add(ce);
            } catch (RuntimeException | Error e) {
                closeQuietly(ch); // cancelled or timed out: do not leak the half-open socket
                throw e;
            }
        }
        if (errors.size() == 1) {
            throw errors.get(0);
        }
        ConnectException all = new ConnectException("Multiple exceptions connecting to " + host + ":" + port + ": "
                + errors.stream().map(Throwable::getMessage).toList());
        errors.forEach(all::addSuppressed);
        throw all;
    }

    /**
     * Resolves {@code host} on the loop's default executor (never on the loop thread); a numeric host
     * needs no resolver and does not go there (asyncio's {@code _ipaddr_info} fast path).
     */
    static List<InetAddress> resolve(EventLoop loop, String host) throws IOException {
        if (host == null || host.isEmpty()) {
            return List.of(InetAddress.getLoopbackAddress());
        }
        InetAddress literal = numericHost(host);
        if (literal != null) {
            return List.of(literal);
        }
        InetAddress[] all = awaitIo(loop.runInExecutor(null, () -> InetAddress.getAllByName(host)));
        return Arrays.asList(all);
    }

    /** A dotted quad as {@code inet_pton} reads it: four decimal parts 0 to 255, no leading zeros. */
    private static final java.util.regex.Pattern DOTTED_QUAD =
            java.util.regex.Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
                    + "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    /**
     * {@code host} as an address if it is an IPv4 dotted quad or an IPv6 literal, else {@code null}.
     * Only the forms {@code inet_pton} accepts, as asyncio: the lenient IPv4 forms the JDK also parses
     * ({@code 127.1}, {@code 0177.0.0.1}) and scoped IPv6 addresses ({@code fe80::1%eth0}, whose
     * interface the resolver looks up) keep going through {@link InetAddress#getAllByName}.
     */
    private static InetAddress numericHost(String host) {
        if (host.indexOf('%') >= 0
                || (host.indexOf(':') < 0 && !DOTTED_QUAD.matcher(host).matches())) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    // ---- servers ----

    /**
     * Listens on {@code host:port} ({@code host} {@code null} or empty: every interface; port 0: a free
     * port, see {@link Server#sockets()}) and serves every connection with a new protocol from
     * {@code factory}. The server is serving when this returns. A name is served on every address it
     * resolves to, skipping one this host cannot have (EADDRNOTAVAIL, EAFNOSUPPORT: {@code ::1}
     * without IPv6) when another binds; when none binds, the error names the host, the port and each
     * address's error. Any other bind error (a port in use) fails the server.
     */
    public static Server createServer(EventLoop loop, Supplier<? extends BaseProtocol> factory, String host, int port)
            throws IOException {
        return createServer(loop, factory, host, port, null, Server.DEFAULT_BACKLOG);
    }

    /** {@link #createServer(EventLoop, Supplier, String, int)} over TLS if {@code tls} is not {@code null}, with a backlog. */
    public static Server createServer(
            EventLoop loop,
            Supplier<? extends BaseProtocol> factory,
            String host,
            int port,
            TlsOptions tls,
            int backlog)
            throws IOException {
        Objects.requireNonNull(factory, "factory");
        List<ServerSocketChannel> channels = bindListeners(loop, host, port, backlog);
        return serve(loop, channels, factory, tls, false, List.of());
    }

    /**
     * Binds a listening socket on {@code host:port} as {@link #createServer(EventLoop, Supplier, String,
     * int, TlsOptions, int)} does, and returns the sockets, not yet accepting: one per address of
     * {@code host} (resolved off the loop thread), or one on every interface if {@code host} is
     * {@code null} or empty. An address this host cannot have is skipped when another binds; when none
     * binds, or another bind error happens, the sockets bound so far are closed and the error names the
     * host, the port and each address's error. The http module's many-loop server, which accepts on its
     * own sockets, binds them here (the qualified export in {@code module-info.java}).
     */
    public static List<ServerSocketChannel> bindListeners(EventLoop loop, String host, int port, int backlog)
            throws IOException {
        List<InetSocketAddress> binds = new ArrayList<>();
        if (host == null || host.isEmpty()) {
            binds.add(new InetSocketAddress(port));
        } else {
            for (InetAddress a : resolve(loop, host)) {
                binds.add(new InetSocketAddress(a, port));
            }
        }
        List<ServerSocketChannel> channels = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        List<Exception> causes = new ArrayList<>();
        try {
            for (InetSocketAddress b : binds) {
                ServerSocketChannel ssc = ServerSocketChannel.open();
                channels.add(ssc);
                ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                try {
                    ssc.bind(b, backlog);
                } catch (IOException | UnsupportedAddressTypeException e) {
                    if (!addressUnavailable(e)) {
                        throw new IOException(
                                "error while attempting to bind on address " + b + ": " + bindError(e), e);
                    }
                    // An address this host does not have, or of a family it does not enable (::1 without
                    // IPv6): asyncio's create_server skips it when another binds (bpo-30945).
                    channels.remove(ssc);
                    closeQuietly(ssc);
                    unavailable.add(b.getAddress().getHostAddress() + " (" + bindError(e) + ")");
                    causes.add(e);
                }
            }
            if (channels.isEmpty()) {
                IOException none = new IOException("error while attempting to bind on host " + host + " port " + port
                        + ": no address of it could be bound: " + String.join(", ", unavailable));
                causes.forEach(none::addSuppressed);
                throw none;
            }
        } catch (IOException | RuntimeException e) {
            channels.forEach(Loops::closeQuietly);
            throw e;
        }
        return channels;
    }

    /** A bind error's message; an {@link UnsupportedAddressTypeException} has none of its own. */
    static String bindError(Exception e) {
        return e instanceof UnsupportedAddressTypeException
                ? "an address family this JVM's sockets do not support"
                : e.getMessage();
    }

    /**
     * Whether a bind failed because the address cannot be had here: EADDRNOTAVAIL (an address of no
     * interface of this host) or EAFNOSUPPORT (a family it does not enable). The JDK gives the
     * errno's message, not its number, spelt as the C library spells it; an IPv6 address on a JDK
     * without IPv6 sockets is an {@link UnsupportedAddressTypeException}.
     */
    static boolean addressUnavailable(Exception e) {
        if (e instanceof UnsupportedAddressTypeException) {
            return true;
        }
        String m = e.getMessage();
        return e instanceof java.net.SocketException
                && m != null
                && (m.contains("Cannot assign requested address") // Linux, Windows
                        || m.contains("Can't assign requested address") // macOS, the BSDs
                        || m.contains("Address family not supported")
                        || m.contains("Protocol family unavailable"));
    }

    /**
     * Listens on the Unix-domain socket file {@code path} (a stale socket file there is replaced; a
     * regular file is not); the file is removed when the server closes.
     */
    public static Server createUnixServer(EventLoop loop, Supplier<? extends BaseProtocol> factory, Path path)
            throws IOException {
        return createUnixServer(loop, factory, path, null, Server.DEFAULT_BACKLOG);
    }

    /** {@link #createUnixServer(EventLoop, Supplier, Path)} over TLS if {@code tls} is not {@code null}. */
    public static Server createUnixServer(
            EventLoop loop, Supplier<? extends BaseProtocol> factory, Path path, TlsOptions tls, int backlog)
            throws IOException {
        Objects.requireNonNull(factory, "factory");
        if (Files.exists(path) && !Files.isDirectory(path) && !Files.isRegularFile(path)) {
            Files.delete(path); // a stale socket from an earlier run, as asyncio does
        }
        ServerSocketChannel ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ssc.bind(UnixDomainSocketAddress.of(path), backlog);
        } catch (IOException e) {
            closeQuietly(ssc);
            throw new IOException("error while attempting to bind on unix socket " + path + ": " + e.getMessage(), e);
        }
        return serve(loop, List.of(ssc), factory, tls, true, List.of(path));
    }

    private static Server serve(
            EventLoop loop,
            List<ServerSocketChannel> channels,
            Supplier<? extends BaseProtocol> factory,
            TlsOptions tls,
            boolean unix,
            List<Path> paths) {
        SocketServer server = new SocketServer(
                loop,
                channels,
                ch -> {
                    BaseProtocol p = Objects.requireNonNull(factory.get(), "protocol factory returned null");
                    if (!unix) {
                        try {
                            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        } catch (IOException ignored) {
                            // not fatal
                        }
                    }
                    return new SocketTransport(loop, ch, tls == null ? p : new TlsLayer(loop, p, tls, true), unix);
                },
                paths);
        server.startServing();
        return server;
    }

    // ---- TLS upgrade ----

    /**
     * Upgrades an open {@code transport} to TLS in place (asyncio's {@code loop.start_tls}): its current
     * protocol becomes the protocol of the returned TLS transport, and the old transport must not be
     * used directly any more. Returns once the handshake is done.
     *
     * @throws javax.net.ssl.SSLException if the handshake fails (bad certificate, no common protocol...)
     */
    public static Transport startTls(EventLoop loop, Transport transport, TlsOptions tls, boolean serverSide)
            throws IOException {
        Objects.requireNonNull(tls, "tls");
        if (transport.isClosing()) {
            throw new IllegalStateException("startTls() on " + transport + ", which is closing");
        }
        BaseProtocol app = transport.getProtocol();
        TlsLayer layer = new TlsLayer(loop, app, tls, serverSide);
        Future<Void> waiter = loop.createFuture();
        layer.setWaiter(waiter);
        layer.setCallConnectionMade(false);
        transport.pauseReading();
        transport.setProtocol(layer);
        layer.connectionMade(transport);
        transport.resumeReading();
        try {
            awaitIo(waiter);
        } catch (IOException | RuntimeException | Error e) {
            transport.abort();
            throw e;
        }
        return layer.appTransport();
    }

    // ---- datagrams ----

    /**
     * Opens a datagram (UDP) endpoint (asyncio's {@code loop.create_datagram_endpoint}): bound to
     * {@code local} if not {@code null} (port 0: a free port), connected to {@code remote} if not
     * {@code null} (then {@link org.jasyncio.net.DatagramTransport#sendto(byte[])} needs no address and only its
     * datagrams are received).
     *
     * @throws IllegalArgumentException if both addresses are {@code null}
     */
    public static <P extends DatagramProtocol> DatagramEndpoint<P> createDatagramEndpoint(
            EventLoop loop, Supplier<P> factory, InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Objects.requireNonNull(factory, "factory");
        if (local == null && remote == null) {
            throw new IllegalArgumentException("createDatagramEndpoint() needs a local or a remote address");
        }
        InetSocketAddress r = remote == null ? null : resolved(loop, remote);
        InetSocketAddress l = local == null ? null : resolved(loop, local);
        DatagramChannel ch = DatagramChannel.open();
        DatagramChannelTransport t;
        P protocol;
        try {
            if (l != null) {
                ch.bind(l);
            }
            if (r != null) {
                ch.connect(r);
            }
            protocol = factory.get();
            t = new DatagramChannelTransport(loop, ch, protocol, r);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
        Future<Void> waiter = loop.createFuture();
        t.start(waiter);
        try {
            awaitIo(waiter);
        } catch (IOException | RuntimeException | Error e) {
            t.abort();
            throw e;
        }
        return new DatagramEndpoint<>(t, protocol);
    }

    private static InetSocketAddress resolved(EventLoop loop, InetSocketAddress a) throws IOException {
        if (!a.isUnresolved()) {
            return a;
        }
        return new InetSocketAddress(resolve(loop, a.getHostString()).get(0), a.getPort());
    }

    // ---- sockets (asyncio's sock_* methods) ----

    /** Waits until {@code ch} is readable or accepting. */
    static void waitReadable(EventLoop loop, SelectableChannel ch) throws IOException {
        waitReady(loop, ch, true);
    }

    /** Waits until {@code ch} is writable or connected. */
    static void waitWritable(EventLoop loop, SelectableChannel ch) throws IOException {
        waitReady(loop, ch, false);
    }

    /** Waits for one readiness event of {@code ch}: readable if {@code read}, else writable. */
    private static void waitReady(EventLoop loop, SelectableChannel ch, boolean read) throws IOException {
        Future<Void> f = loop.createFuture();
        Runnable ready = () -> {
            if (!f.done()) {
                f.setResult(null);
            }
        };
        if (read) {
            loop.addReader(ch, ready);
        } else {
            loop.addWriter(ch, ready);
        }
        try {
            awaitIo(f);
        } finally {
            if (ch.isOpen()) {
                if (read) {
                    loop.removeReader(ch);
                } else {
                    loop.removeWriter(ch);
                }
            }
        }
    }

    /** Connects {@code ch} (made non-blocking) to {@code address}, waiting on the loop (asyncio's {@code sock_connect}). */
    public static void sockConnect(EventLoop loop, SocketChannel ch, SocketAddress address) throws IOException {
        ch.configureBlocking(false);
        if (ch.connect(address)) {
            return;
        }
        while (true) {
            waitWritable(loop, ch);
            if (ch.finishConnect()) {
                return;
            }
        }
    }

    /** Receives up to {@code n} bytes; an empty array at end of stream (asyncio's {@code sock_recv}). */
    public static byte[] sockRecv(EventLoop loop, SocketChannel ch, int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("sockRecv(" + n + ") on " + ch + ": the size must be >= 0");
        }
        if (n == 0) {
            return new byte[0];
        }
        // Only the loop's own tasks may share its scratch buffer: one of them at a time runs.
        Task<?> me = ParkingLot.requireTask("sockRecv()");
        if (me.getLoop() != loop) {
            throw new IllegalStateException(
                    "sockRecv() on " + loop + " called from " + me + ", a task of another loop");
        }
        ch.configureBlocking(false);
        while (true) {
            // Read into the loop's scratch buffer and copy out only what came: the usual
            // sock_recv(ch, 65536) of a small message costs a small array, not a 64 KiB one. The
            // buffer is free again before the next suspension, so the loop's tasks can share it.
            ByteBuffer scratch = recvScratch(loop).clear();
            scratch.limit(Math.min(n, scratch.capacity()));
            int r = ch.read(scratch);
            if (r < 0) {
                return new byte[0];
            }
            if (r > 0) {
                byte[] out = new byte[r];
                scratch.flip().get(out);
                return out;
            }
            waitReadable(loop, ch);
        }
    }

    /**
     * One direct buffer per loop for {@link #sockRecv}: per loop, not per thread, because on the
     * virtual-thread engine every task is a thread of its own and would pin 256 KiB of native memory.
     * Weak keys: a closed loop's buffer goes with it.
     */
    private static final Map<EventLoop, ByteBuffer> RECV_SCRATCH = Collections.synchronizedMap(new WeakHashMap<>());

    private static ByteBuffer recvScratch(EventLoop loop) {
        return RECV_SCRATCH.computeIfAbsent(loop, l -> ByteBuffer.allocateDirect(SocketTransport.MAX_READ));
    }

    /** Receives into {@code buf}; returns the count, {@code -1} at end of stream (asyncio's {@code sock_recv_into}). */
    public static int sockRecvInto(EventLoop loop, SocketChannel ch, ByteBuffer buf) throws IOException {
        ch.configureBlocking(false);
        while (true) {
            int r = ch.read(buf);
            if (r != 0 || !buf.hasRemaining()) {
                return r;
            }
            waitReadable(loop, ch);
        }
    }

    /** Sends all of {@code data}, waiting for room as needed (asyncio's {@code sock_sendall}). */
    public static void sockSendall(EventLoop loop, SocketChannel ch, byte[] data) throws IOException {
        ch.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (true) {
            ch.write(buf);
            if (!buf.hasRemaining()) {
                return;
            }
            waitWritable(loop, ch);
        }
    }

    /** Accepts a connection, waiting for one (asyncio's {@code sock_accept}); the channel is non-blocking. */
    public static SocketChannel sockAccept(EventLoop loop, ServerSocketChannel server) throws IOException {
        server.configureBlocking(false);
        while (true) {
            SocketChannel ch = server.accept();
            if (ch != null) {
                ch.configureBlocking(false);
                return ch;
            }
            waitReadable(loop, server);
        }
    }

    // ---- helpers ----

    /** Awaits a loop future, rethrowing I/O errors as they are and wrapping other checked exceptions. */
    static <T> T awaitIo(Future<T> f) throws IOException {
        return Throwables.callIo(f::await);
    }

    static void closeQuietly(Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
