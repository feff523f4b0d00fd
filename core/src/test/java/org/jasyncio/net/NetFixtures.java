package org.jasyncio.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.testing.MemoryStreams;

/** What the networking tests share: the loopback host, echo peers, a raw listener, and tear-down. */
final class NetFixtures {
    static final String HOST = "127.0.0.1";

    private NetFixtures() {}

    /** The port of a server's first socket. */
    static int port(Server s) {
        return s.sockets().get(0).getPort();
    }

    /** A stream handler that writes back every line it reads, until EOF. */
    static Streams.ClientHandler echoLines() {
        return (r, w) -> {
            for (byte[] line : r) {
                w.write(line);
                w.drain();
            }
        };
    }

    /** A protocol that writes back whatever it receives. */
    static final class EchoProtocol implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    /** Closes the client's writer and the server, and waits for both. */
    static void closeAll(Connection client, Server server) throws Exception {
        client.writer().close();
        client.writer().waitClosed();
        closeAll(server);
    }

    /** Closes the server and waits until it is closed. */
    static void closeAll(Server server) {
        server.close();
        server.waitClosed();
    }

    /**
     * A raw listening channel on the loopback whose {@code sockAccept} is already waiting in a task:
     * connect to {@link #port()}, then take the server side with {@link #peer()}.
     */
    static final class Listener implements AutoCloseable {
        final ServerSocketChannel channel;
        private final Task<SocketChannel> accepted;

        Listener() throws IOException {
            EventLoop loop = Asyncio.getRunningLoop();
            channel = ServerSocketChannel.open().bind(new InetSocketAddress(HOST, 0));
            accepted = Asyncio.createTask(() -> loop.sockAccept(channel));
        }

        int port() throws IOException {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }

        /** The accepted server side of the connection. */
        SocketChannel peer() throws Exception {
            return accepted.await();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Starts a server for {@code handler}. */
    interface ServerStarter {
        Server start(Streams.ClientHandler handler) throws IOException;
    }

    /** Opens a client connection to {@code server}. */
    interface ClientOpener {
        Connection open(Server server) throws IOException;
    }

    /**
     * A connected pair of stream ends over a real server, for the conformance checks: the client's and
     * the one the server accepted, which stays open until the test ends. The server itself is closed.
     */
    static MemoryStreams.StreamPair acceptedPair(ServerStarter start, ClientOpener open) throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Connection> accepted = loop.createFuture();
        Server server = start.start((r, w) -> {
            accepted.setResult(new Connection(r, w));
            Asyncio.shield(loop.createFuture());
        });
        Connection client = open.open(server);
        Connection serverSide = accepted.await();
        server.close();
        return new MemoryStreams.StreamPair(client, serverSide);
    }

    /** Lets a test task wait until a protocol has seen enough: the protocol calls {@link #wake()} on each event. */
    static final class Progress {
        private Future<Void> waiter;

        /** Wakes the task in {@link #awaitUntil}, if any, to check its condition again. */
        void wake() {
            if (waiter != null && !waiter.done()) {
                waiter.setResult(null);
            }
        }

        /** Waits until {@code done} holds, checking it again after each {@link #wake()}. */
        void awaitUntil(java.util.function.BooleanSupplier done) throws Exception {
            while (!done.getAsBoolean()) {
                waiter = Asyncio.getRunningLoop().createFuture();
                waiter.await();
            }
        }
    }
}
