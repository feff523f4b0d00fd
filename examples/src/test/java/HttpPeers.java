import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.process.Subprocess;

/** Real HTTP clients for the server examples' tests: curl and python3, run as subprocesses from a task. */
final class HttpPeers {
    private HttpPeers() {}

    /** What {@code curl -sS -w '\n%{http_code}'} printed: the body, then the status. */
    record Answer(int status, String body) {}

    static Answer curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        Subprocess p = Subprocess.exec(cmd.toArray(String[]::new));
        try (var t = Asyncio.timeout(Duration.ofSeconds(30))) {
            String out = new String(p.communicate().stdout(), StandardCharsets.UTF_8);
            assertThat(p.await()).as("curl exit code").isZero();
            int nl = out.lastIndexOf('\n');
            return new Answer(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, nl));
        }
    }
}
