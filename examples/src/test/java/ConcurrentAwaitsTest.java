import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcurrentAwaitsTest {
    @Test
    void takesTheLongestSleep() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> ConcurrentAwaits.run(console.options()))).containsExactly("Task 1, Task 2");
        assertThat(console.elapsed()).isEqualTo(1.0);
    }
}
