import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.http.server.AppRunner;
import org.jasyncio.process.Subprocess;
import org.junit.jupiter.api.Test;

class FastApiEndpointTest {
    @Test
    void threeClientsAtOnceAreAllAnsweredAfterAboutOneSecond() throws Exception {
        Asyncio.run(
                () -> {
                    try (AppRunner runner = FastApiEndpoint.app().start("127.0.0.1", 0)) {
                        double t0 = Asyncio.getRunningLoop().time();
                        List<HttpPeers.Answer> answers = Asyncio.gather(
                                () -> HttpPeers.curl(runner.url() + "/data"),
                                () -> HttpPeers.curl(runner.url() + "/data"),
                                () -> HttpPeers.curl(runner.url() + "/"));
                        double elapsed = Asyncio.getRunningLoop().time() - t0;
                        assertThat(answers).extracting(HttpPeers.Answer::status).containsOnly(200);
                        assertThat(answers.get(0).body()).startsWith("{\"message\":\"Hello from jasyncio");
                        assertThat(answers.get(2).body()).isEqualTo("{\"Hello\":\"World\"}");
                        // concurrent: the three one-second waits overlap (one after the other would take 3 s)
                        assertThat(elapsed).isGreaterThanOrEqualTo(1.0).isLessThan(2.9);
                    }
                },
                RunOptions.defaults()); // real time: real sockets and subprocesses are the subject
    }

    @Test
    void mainPrintsTheUrlServesAndStopsGracefullyOnCtrlC() throws Exception {
        Asyncio.run(() -> {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Subprocess p = Subprocess.exec(java, "-cp", System.getProperty("java.class.path"), "FastApiEndpoint", "0");
            try (var t = Asyncio.timeout(Duration.ofSeconds(60))) {
                String line = new String(p.stdout().readline(), StandardCharsets.UTF_8).strip();
                assertThat(line).matches("Serving on http://127\\.0\\.0\\.1:\\d+ \\(press Ctrl-C to stop\\)");
                String url = line.split(" ")[2];
                assertThat(HttpPeers.curl(url + "/").body()).isEqualTo("{\"Hello\":\"World\"}");
                p.sendSignal(2); // SIGINT, what Ctrl-C sends
                String rest = new String(p.communicate().stdout(), StandardCharsets.UTF_8);
                assertThat(p.await()).isZero();
                assertThat(rest).contains("Stopped.");
            } finally {
                if (p.returncode() == null) {
                    p.kill();
                }
            }
        });
    }
}
