import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FetchDataTest {
    @Test
    void allThreeStartThenFinishInTheOrderTheServerAnswers() throws Exception {
        Console console = new Console();
        assertThat(DemoOutput.afterSiteLine(console.lines(() -> FetchData.run(console.options()))))
                .containsExactly(
                        "Starting 1 SITE/dev.to",
                        "Starting 2 SITE/medium.com",
                        "Starting 3 SITE/python.org",
                        // the demo site answers after 0.1 s, 0.2 s and 0.3 s: the seed's order
                        "Finished 2 SITE/medium.com",
                        "Finished 3 SITE/python.org",
                        "Finished 1 SITE/dev.to");
        assertThat(console.elapsed()).as("the slowest page's delay").isGreaterThanOrEqualTo(0.3);
    }
}
