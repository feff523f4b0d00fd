import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirstCoroutineTest {
    @Test
    void printsStartThenEndTwoSecondsLater() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> FirstCoroutine.run(console.options()))).containsExactly("Start", "End");
        assertThat(console.elapsed()).isEqualTo(2.0);
    }
}
