package org.jasyncio.http.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jasyncio.http.Headers;
import org.jasyncio.http.codec.HttpEvent;
import org.jasyncio.http.codec.HttpLimits;
import org.jasyncio.http.codec.HttpParser;
import org.jasyncio.http.codec.ResponseHead;
import org.jasyncio.http.internal.ByteConduit;
import org.jasyncio.http.internal.WebSocketAccess;
import org.jasyncio.http.json.JsonCodec;
import org.jasyncio.http.websocket.WebSocket;
import org.jasyncio.http.websocket.WebSocketOptions;
import org.jasyncio.net.Connection;
import org.jasyncio.net.StreamReader;
import org.jasyncio.net.StreamWriter;

/**
 * The client side of the WebSocket handshake, for {@link ClientSession#wsConnect}: a connection of its
 * own (not from the pool: it never returns to it), the upgrade request, the 101 checked, and the
 * stream handed to a {@link WebSocket}.
 */
final class ClientWebSockets {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int READ_SIZE = 64 * 1024;

    private ClientWebSockets() {}

    static WebSocket connect(
            ConnectionPool pool,
            URI uri,
            Headers headers,
            Deadlines deadlines,
            HttpLimits limits,
            WebSocketOptions options,
            JsonCodec json,
            Set<Runnable> sessionClosing)
            throws IOException {
        Origin origin = Origin.of(uri);
        Connection conn = pool.dialDetached(origin, deadlines);
        boolean ok = false;
        try {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            StringBuilder req = new StringBuilder(256)
                    .append("GET ")
                    .append(Urls.target(uri))
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(hostHeader(uri, origin))
                    .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: ")
                    .append(key)
                    .append("\r\n");
            if (!options.protocols().isEmpty()) {
                req.append("Sec-WebSocket-Protocol: ")
                        .append(String.join(", ", options.protocols()))
                        .append("\r\n");
            }
            for (Headers.Field f : headers) {
                String n = f.name().toLowerCase(Locale.ROOT);
                if (!n.equals("host")
                        && !n.equals("connection")
                        && !n.equals("upgrade")
                        && !n.startsWith("sec-websocket")
                        && !n.equals("content-length")
                        && !n.equals("transfer-encoding")) {
                    req.append(f.name()).append(": ").append(f.value()).append("\r\n");
                }
            }
            req.append("\r\n");
            StreamReader reader = conn.reader();
            StreamWriter writer = conn.writer();
            writer.write(req.toString().getBytes(StandardCharsets.UTF_8));
            deadlines.other(
                    () -> {
                        writer.drain();
                        return null;
                    },
                    "sending the WebSocket handshake");
            HttpParser parser = HttpParser.forResponses(limits);
            parser.expectResponseTo("GET");
            ResponseHead head = null;
            while (head == null) {
                HttpEvent ev = parser.next();
                if (ev instanceof ResponseHead h) {
                    head = h;
                } else if (ev instanceof HttpEvent.NeedData) {
                    byte[] b = deadlines.read(() -> reader.read(READ_SIZE), "reading the WebSocket handshake's answer");
                    if (b.length == 0) {
                        parser.feedEof();
                    } else {
                        parser.feed(b, 0, b.length);
                    }
                } else {
                    throw new ServerDisconnectedError("the server " + origin
                            + " closed the connection before answering the WebSocket handshake to " + uri);
                }
            }
            String protocol = check(head, uri, key, options.protocols());
            if (!(parser.next() instanceof HttpEvent.EndOfMessage)) { // a 101 ends at its head
                throw new WSServerHandshakeError("the 101 did not end at its head", 101, uri, head.headers());
            }
            byte[] rest = parser.takeRemaining();
            WebSocket ws = WebSocketAccess.get()
                    .open(new Conduit(conn, rest, origin.toString(), sessionClosing), true, options, protocol, json);
            ok = true;
            return ws;
        } finally {
            if (!ok) {
                conn.writer().transport().abort();
            }
        }
    }

    /** The subprotocol the server chose; throws unless {@code head} accepts the handshake. */
    private static String check(ResponseHead head, URI uri, String key, List<String> offered)
            throws WSServerHandshakeError {
        Headers h = head.headers();
        if (head.status() != 101) {
            throw new WSServerHandshakeError(
                    "the server answered " + head.status() + " " + head.reason() + ", not 101", head.status(), uri, h);
        }
        if (!h.containsToken("Upgrade", "websocket")) {
            throw new WSServerHandshakeError("the 101 lacks Upgrade: websocket", 101, uri, h);
        }
        if (!h.containsToken("Connection", "upgrade")) {
            throw new WSServerHandshakeError("the 101 lacks Connection: upgrade", 101, uri, h);
        }
        String accept = h.get("Sec-WebSocket-Accept");
        if (accept == null || !accept.trim().equals(acceptFor(key))) {
            throw new WSServerHandshakeError(
                    "Sec-WebSocket-Accept " + accept + " does not match the key sent (RFC 6455 4.1)", 101, uri, h);
        }
        String protocol = h.get("Sec-WebSocket-Protocol");
        if (protocol != null) {
            protocol = protocol.trim();
            if (!offered.contains(protocol)) {
                throw new WSServerHandshakeError(
                        "the server chose subprotocol " + protocol + ", which the client did not offer", 101, uri, h);
            }
        }
        return protocol;
    }

    private static String hostHeader(URI uri, Origin origin) {
        String host = uri.getHost();
        return uri.getPort() < 0 || uri.getPort() == Origin.defaultPort(origin.scheme())
                ? host
                : host + ":" + uri.getPort();
    }

    private static String acceptFor(String key) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** The client's stream after the handshake. */
    private static final class Conduit implements ByteConduit {
        private final StreamReader reader;
        private final StreamWriter writer;
        private final String peer;
        private byte[] leftover;

        /** The session's hooks of its open WebSockets, run when it closes; this one's is removed when it ends. */
        private final Set<Runnable> sessionClosing;

        private Runnable hook;

        Conduit(Connection conn, byte[] leftover, String peer, Set<Runnable> sessionClosing) {
            this.reader = conn.reader();
            this.writer = conn.writer();
            this.leftover = leftover.length > 0 ? leftover : null;
            this.peer = peer;
            this.sessionClosing = sessionClosing;
        }

        @Override
        public byte[] read() throws IOException {
            byte[] b = leftover;
            if (b != null) {
                leftover = null;
                return b;
            }
            return reader.read(READ_SIZE);
        }

        @Override
        public void write(byte[] bytes) {
            if (!writer.isClosing()) {
                writer.write(bytes);
            }
        }

        @Override
        public void drain() throws IOException {
            writer.drain();
        }

        private void forget() {
            if (hook != null) {
                sessionClosing.remove(hook);
            }
        }

        @Override
        public boolean writeEof() {
            if (writer.isClosing() || !writer.canWriteEof()) {
                return false;
            }
            writer.writeEof();
            return true;
        }

        @Override
        public long unread() {
            return (leftover != null ? leftover.length : 0) + (long) reader.buffered();
        }

        @Override
        public void close() {
            forget();
            if (!writer.isClosing()) {
                writer.close();
            }
        }

        @Override
        public void abort() {
            forget();
            writer.transport().abort();
        }

        @Override
        public String peer() {
            return peer;
        }

        @Override
        public void onShutdown(Runnable hook) {
            this.hook = hook;
            sessionClosing.add(hook);
        }

        @Override
        public void onGone(Runnable hook) {
            // the stream reports no loss of its own: the reader's EOF, or a close, ends the WebSocket
        }
    }
}
