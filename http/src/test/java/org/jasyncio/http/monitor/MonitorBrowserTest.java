package org.jasyncio.http.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The monitor page end to end in a real browser: Debian's headless Chromium ({@code /usr/bin/chromium})
 * driven by playwright-core from npm (installed by this test under {@code target/monitor-e2e}; no browser
 * download), opening the page of a running program and waiting until the Server-Sent Events show its task
 * tree and its slow step. The screenshot lands in {@code target/monitor-e2e/monitor.png} (docs/monitor.png
 * is one). A missing browser, node or npm package fails the test, saying what to install.
 */
class MonitorBrowserTest {
    static final String PLAYWRIGHT = "playwright-core@1.65.2";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DIR = Path.of("target", "monitor-e2e");

    @Test
    void thePageShowsTheTaskTreeAndSlowStepsLive() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("headless Chromium is missing at " + CHROMIUM + ": apt-get install -y chromium");
        }
        Files.createDirectories(DIR);
        String engine = System.getProperty("jasyncio.strand", "default");
        Path screenshot = DIR.resolve("monitor-" + engine + ".png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        int port = MonitorClient.freePort();
        String[] output = new String[1];
        Asyncio.run(() -> Asyncio.toThread(MonitorBrowserTest::installPlaywright));
        // the program runs in a JVM of its own: its slow step is a JFR event (see MonitoredProgram)
        Process p = MonitoredProgram.start(MonitoredProgram.class, port);
        try {
            MonitoredProgram.awaitReady(p);
            output[0] = run(
                    List.of(
                            "node",
                            DIR.resolve("monitor-e2e.mjs").toAbsolutePath().toString(),
                            "http://127.0.0.1:" + port + "/",
                            "order-service",
                            "fetch-orders",
                            "resize-thumbnails",
                            screenshot.toString()),
                    120);
            MonitoredProgram.finish(p);
        } finally {
            p.destroyForcibly();
        }
        JsonNode seen = new ObjectMapper()
                .readTree(output[0]
                        .lines()
                        .filter(l -> l.startsWith("{"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the browser script printed no result:\n" + output[0])));
        assertThat(seen.get("status").asString()).isEqualTo("live");
        assertThat(seen.get("child").asString()).isEqualTo("fetch-orders");
        assertThat(seen.get("childState").asString()).isEqualTo("waiting");
        assertThat(seen.get("childVia").asString()).contains("gather");
        assertThat(seen.get("childFrames").asString()).contains("MonitoredProgram.waitForDatabase");
        assertThat(seen.get("loops").asString()).contains("<EventLoop-");
        assertThat(seen.get("slow").asString()).contains("resize-thumbnails");
        assertThat(seen.get("errors")).isEmpty();
        // the page loads nothing but itself and its event stream
        for (JsonNode r : seen.get("requests")) {
            assertThat(r.asString()).startsWith("http://127.0.0.1:" + port + "/");
        }
        try (InputStream in = Files.newInputStream(screenshot)) {
            byte[] magic = in.readNBytes(8);
            assertThat(magic).startsWith(0x89, 'P', 'N', 'G');
        }
        Files.copy(screenshot, DIR.resolve("monitor.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code npm install} of playwright-core under target/ (once), and the script next to it. */
    private static Void installPlaywright() throws Exception {
        try (InputStream script = MonitorBrowserTest.class.getResourceAsStream("monitor-e2e.mjs")) {
            Files.copy(script, DIR.resolve("monitor-e2e.mjs"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
            if (!Files.exists(DIR.resolve("package.json"))) {
                Files.writeString(
                        DIR.resolve("package.json"), "{\"name\": \"jasyncio-monitor-e2e\", \"private\": true}\n");
            }
            run(List.of("npm", "install", "--no-audit", "--no-fund", PLAYWRIGHT), 300);
        }
        return null;
    }

    /** Runs a command in {@link #DIR}; its output, or an error saying what failed and what to install. */
    private static String run(List<String> command, int seconds) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    command.get(0) + " is missing (" + e.getMessage() + "): the browser test needs"
                            + " node and npm (apt-get install -y nodejs npm) and Chromium (apt-get install -y chromium)",
                    e);
        }
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(output lost: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5_000);
            throw new AssertionError(
                    String.join(" ", command) + " did not finish within " + seconds + " s:\n" + text(out[0]));
        }
        reader.join(5_000);
        String text = text(out[0]);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + text
                    + (command.get(0).equals("npm")
                            ? "\nplaywright-core comes from npm: the machine needs the npm registry"
                            : ""));
        }
        return text;
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
