import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SafeFetchTest {
    @Test
    void eachFailurePrintsItsOwnErrorAndTheOthersStillSucceed() throws Exception {
        Console console = new Console();
        List<String> lines = DemoOutput.afterSiteLine(console.lines(() -> SafeFetch.run(console.options())));
        String html = DemoSite.PAGES.stream()
                .filter(p -> p.path().equals("/example.com"))
                .findFirst()
                .orElseThrow()
                .html();
        assertThat(lines).hasSize(9);
        assertThat(lines.subList(0, 4))
                .containsExactlyInAnyOrder( // printed as each failure happens
                        "Error fetching http//no-colon.example: invalid URL 'http//no-colon.example': not absolute, and the"
                                + " session has no base URL to resolve it against",
                        "Error fetching http://127.0.0.1:1/closed-port: cannot connect to http://127.0.0.1:1 for"
                                + " http://127.0.0.1:1/closed-port: Connect call failed 127.0.0.1:1: Connection refused",
                        "Error fetching SITE/fail: 500 Internal Server Error for GET SITE/fail",
                        "Error fetching SITE/slow: total timeout of 1 s fired for SITE/slow while reading the response head"
                                + " of GET SITE/slow");
        assertThat(lines.subList(4, 9))
                .containsExactly(
                        "SITE/example.com: " + html.length() + " characters",
                        "SITE/fail: failed",
                        "SITE/slow: failed",
                        "http://127.0.0.1:1/closed-port: failed",
                        "http//no-colon.example: failed");
        // the time limit, not the slow page's 3 s: its handler is cancelled when the client gives up
        assertThat(console.elapsed()).isGreaterThanOrEqualTo(1.0).isLessThan(DemoSite.SLOW_SECONDS);
    }
}
