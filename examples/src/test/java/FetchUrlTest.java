import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FetchUrlTest {
    @Test
    void printsTheLengthOfThePage() throws Exception {
        Console console = new Console();
        String html = DemoSite.PAGES.stream()
                .filter(p -> p.path().equals("/example.com"))
                .findFirst()
                .orElseThrow()
                .html();
        assertThat(DemoOutput.afterSiteLine(console.lines(() -> FetchUrl.run(console.options()))))
                .containsExactly(String.valueOf(html.length()));
    }
}
