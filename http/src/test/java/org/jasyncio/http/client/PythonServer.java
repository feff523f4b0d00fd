package org.jasyncio.http.client;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testfixtures.PythonPeer;
import org.jasyncio.testfixtures.TestPrograms;

/** Python's http.server (HTTP/1.1, optionally TLS) or an aiohttp server in a child process, for tests against a real peer. */
final class PythonServer implements AutoCloseable {
    private final PythonPeer.Listening peer;
    final int port;

    private PythonServer(PythonPeer.Listening peer) {
        this.peer = peer;
        this.port = peer.port();
    }

    /** Serves {@code dir}; with TLS when {@code cert} and {@code key} are not null. */
    static PythonServer start(Path dir, Path cert, Path key) throws Exception {
        return start(dir, cert, key, null);
    }

    /** Serves {@code dir} over TLS, requiring a client certificate signed by {@code clientCa}. */
    static PythonServer start(Path dir, Path cert, Path key, Path clientCa) throws Exception {
        Path script = dir.resolveSibling(dir.getFileName() + "-serve.py"); // outside the directory served
        try (InputStream in = PythonServer.class.getResourceAsStream("serve.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(TestPrograms.python(), script.toString(), dir.toString()));
        if (cert != null) {
            cmd.add(cert.toString());
            cmd.add(key.toString());
            if (clientCa != null) {
                cmd.add(clientCa.toString());
            }
        }
        return new PythonServer(PythonPeer.listen(cmd));
    }

    /** The aiohttp test server of aiohttp_server.py. */
    static PythonServer aiohttp() throws Exception {
        return new PythonServer(PythonPeer.listen(List.of(
                TestPrograms.python(),
                TestPrograms.resource(PythonServer.class, "aiohttp_server.py").toString())));
    }

    String url(String scheme, String host, String path) {
        return scheme + "://" + host + ":" + port + path;
    }

    @Override
    public void close() throws Exception {
        peer.close();
    }
}
