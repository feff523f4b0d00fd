import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FetchPagesTest {
    @Test
    void printsTheHtmlOfThePagesInTheOrderOfTheUrls() throws Exception {
        Console console = new Console();
        List<String> html = DemoSite.PAGES.stream()
                .filter(p ->
                        List.of("/example.com", "/example.org", "/example.net").contains(p.path()))
                .map(DemoSite.Page::html)
                .toList();
        assertThat(DemoOutput.afterSiteLine(console.lines(() -> FetchPages.run(console.options()))))
                .containsExactly(html.toString());
    }
}
