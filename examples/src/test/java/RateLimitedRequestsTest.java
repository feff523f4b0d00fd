import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitedRequestsTest {
    @Test
    void twoAtOnceThenTwoPerSecond() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> RateLimitedRequests.run(console.options())))
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
        assertThat(console.elapsed()).isEqualTo(4.1, org.assertj.core.data.Offset.offset(1e-9));
    }
}
