package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx from the distribution (Debian's {@code nginx} package) as a child process: a throwaway prefix
 * in a temporary directory (config, document root, temp paths, logs), one ephemeral port on
 * 127.0.0.1, {@code daemon off; master_process off;} so that the child is nginx itself and stopping it
 * is one signal. Nothing outside the temporary directory is written; it runs as the user the tests
 * run as.
 */
final class NginxServer implements AutoCloseable {
    /** The notice nginx logs right after it opened its listening sockets: the server is ready. */
    private static final String READY = "getrlimit(RLIMIT_NOFILE)";

    final Process process;
    final int port;
    final Path prefix;
    private final List<String> stderr;

    private NginxServer(Process process, int port, Path prefix, List<String> stderr) {
        this.process = process;
        this.port = port;
        this.prefix = prefix;
        this.stderr = stderr;
    }

    /** The nginx binary, or a failure that says what to install. */
    static String binary() {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin");
        dirs.add("/usr/local/sbin");
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "nginx"))) {
                return Path.of(d, "nginx").toString();
            }
        }
        throw new IllegalStateException("nginx is not installed (not on the PATH nor in /usr/sbin): these tests need"
                + " it as a real peer; install it with `apt-get install -y nginx` (.ci/run does)");
    }

    /**
     * Starts nginx with {@code serverBlock} (the directives inside {@code server { }}, with
     * {@code $prefix} standing for the prefix directory) on a free port of 127.0.0.1; returns once it
     * listens.
     */
    static NginxServer start(Path prefix, String serverBlock) throws Exception {
        String nginx = binary();
        Files.createDirectories(prefix.resolve("logs"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort(); // free now; nginx binds it right after (loopback only)
        }
        String p = prefix.toAbsolutePath().toString();
        String conf = """
                daemon off;
                master_process off;
                worker_processes 1;
                pid $prefix/nginx.pid;
                error_log $prefix/logs/error.log notice;
                error_log stderr notice;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path $prefix/body;
                    proxy_temp_path $prefix/proxy;
                    fastcgi_temp_path $prefix/fastcgi;
                    uwsgi_temp_path $prefix/uwsgi;
                    scgi_temp_path $prefix/scgi;
                    types { text/plain txt; text/html html; application/json json; }
                    default_type application/octet-stream;
                    server {
                        listen 127.0.0.1:$port;
                """ + serverBlock.indent(8) + """
                    }
                }
                """;
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf.replace("$prefix", p).replace("$port", Integer.toString(port)));
        Process proc = new ProcessBuilder(nginx, "-p", p, "-c", confFile.toString(), "-e", p + "/logs/startup.log")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        BufferedReader err = new BufferedReader(new InputStreamReader(proc.getErrorStream(), UTF_8));
        String line;
        while ((line = err.readLine()) != null) { // blocks until nginx listens, or exits (null)
            lines.add(line);
            if (line.contains(READY)) {
                break;
            }
        }
        if (line == null) {
            proc.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("nginx exited before listening on 127.0.0.1:" + port + ": "
                    + String.join(" | ", lines) + " (config " + confFile + ")");
        }
        Thread drain = new Thread(
                () -> { // nginx blocks if nobody reads its stderr
                    try {
                        for (String l; (l = err.readLine()) != null; ) {
                            lines.add(l);
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                "nginx-stderr");
        drain.setDaemon(true);
        drain.start();
        return new NginxServer(proc, port, prefix, lines);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** What nginx logged so far (for failure messages). */
    List<String> log() {
        return List.copyOf(stderr);
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: nginx exits at once
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
