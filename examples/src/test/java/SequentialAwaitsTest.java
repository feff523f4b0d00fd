import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequentialAwaitsTest {
    @Test
    void takesTheSumOfTheSleeps() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> SequentialAwaits.run(console.options()))).containsExactly("Task 1, Task 2");
        assertThat(console.elapsed()).isEqualTo(2.0);
    }
}
