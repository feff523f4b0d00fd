package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Python's http.server (HTTP/1.1, optionally TLS) in a child process, for tests against a real peer. */
final class PythonServer implements AutoCloseable {
    final Process process;
    final int port;

    private PythonServer(Process process, int port) {
        this.process = process;
        this.port = port;
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
        List<String> cmd = new ArrayList<>(List.of(python(), script.toString(), dir.toString()));
        return launch(cmd, cert, key, clientCa);
    }

    /**
     * The interpreter of the tests' Python peers: {@code $JASYNCIO_PYTHON} (.ci/run points it at a venv
     * with the pinned peers, aiohttp among them), else {@code python3} on the PATH.
     */
    static String python() {
        String p = System.getenv("JASYNCIO_PYTHON");
        return p != null && !p.isBlank() ? p : "python3";
    }

    /** The aiohttp test server of aiohttp_server.py, its script written into {@code dir}. */
    static PythonServer aiohttp(Path dir) throws Exception {
        Path script = dir.resolve("aiohttp_server.py");
        try (InputStream in = PythonServer.class.getResourceAsStream("aiohttp_server.py")) {
            Files.write(script, in.readAllBytes());
        }
        return launch(new ArrayList<>(List.of(python(), script.toString())), null, null, null);
    }

    private static PythonServer launch(List<String> cmd, Path cert, Path key, Path clientCa) throws Exception {
        if (cert != null) {
            cmd.add(cert.toString());
            cmd.add(key.toString());
            if (clientCa != null) {
                cmd.add(clientCa.toString());
            }
        }
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
        String line = out.readLine(); // blocks until the server listens (or the process dies: null)
        if (line == null) {
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(cmd + " exited with " + p.exitValue() + " before listening");
        }
        return new PythonServer(p, Integer.parseInt(line.trim()));
    }

    String url(String scheme, String host, String path) {
        return scheme + "://" + host + ":" + port + path;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Runs a command to its end (openssl), failing with its output if it fails. */
    static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
        }
    }
}
