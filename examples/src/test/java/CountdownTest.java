import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountdownTest {
    @Test
    void countsDownFromFiveOneASecond() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> Countdown.run(console.options()))).containsExactly("5", "4", "3", "2", "1");
        assertThat(console.elapsed()).isEqualTo(5.0);
    }
}
