import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FetchUrlsTest {
    @Test
    void gathersThreePagesOverOneSession() throws Exception {
        Console console = new Console();
        assertThat(DemoOutput.afterSiteLine(console.lines(() -> FetchUrls.run(console.options()))))
                .containsExactly("Fetched 3 pages");
        // example.com, python.org and github.com answer after 0.1 s, 0.2 s and 0.25 s: gathered, the
        // program waits for the slowest, not for the sum (0.55 s)
        assertThat(console.elapsed()).isGreaterThanOrEqualTo(0.25).isLessThan(0.55);
    }
}
