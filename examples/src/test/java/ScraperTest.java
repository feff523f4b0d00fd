import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScraperTest {
    @Test
    void printsEachPagesTitleInTheOrderOfTheUrls() throws Exception {
        Console console = new Console();
        assertThat(DemoOutput.afterSiteLine(console.lines(() -> Scraper.run(console.options()))))
                .containsExactly(
                        "SITE/example.com: Example Domain",
                        "SITE/python.org: Welcome to Python.org",
                        "SITE/github.com: GitHub",
                        "SITE/no-title: No title");
    }
}
