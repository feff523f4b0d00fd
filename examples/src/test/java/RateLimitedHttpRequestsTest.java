import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitedHttpRequestsTest {
    @Test
    void twoAtOnceThenTwoPerSecondEachAnswered() throws Exception {
        Console console = new Console();
        List<String> lines =
                DemoOutput.afterSiteLine(console.lines(() -> RateLimitedHttpRequests.run(console.options())));
        assertThat(lines.stream().filter(l -> l.contains(" made ")).toList())
                .containsExactly(
                        "Request 0 made (t=0.0s)",
                        "Request 1 made (t=0.0s)",
                        "Request 2 made (t=0.5s)",
                        "Request 3 made (t=1.0s)",
                        "Request 4 made (t=1.5s)",
                        "Request 5 made (t=2.0s)",
                        "Request 6 made (t=2.5s)",
                        "Request 7 made (t=3.0s)",
                        "Request 8 made (t=3.5s)",
                        "Request 9 made (t=4.0s)");
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String made = "Request " + i + " made ";
            int madeAt = lines.indexOf(
                    lines.stream().filter(l -> l.startsWith(made)).findFirst().orElseThrow());
            answered.add("Request " + i + " answered: 200");
            assertThat(lines.indexOf(answered.getLast()))
                    .as("request %d is answered after it is made", i)
                    .isGreaterThan(madeAt);
        }
        assertThat(lines.stream().filter(l -> l.contains(" answered: ")).toList())
                .containsExactlyInAnyOrderElementsOf(answered);
        assertThat(lines).hasSize(20);
        // the last request is made at 4.0 s and takes the demo site's 0.1 s
        assertThat(console.elapsed()).isGreaterThanOrEqualTo(4.1);
    }
}
