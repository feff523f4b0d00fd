import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatherConcurrentlyTest {
    @Test
    void resultsInArgumentOrderAfterTheLongestTask() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> GatherConcurrently.run(console.options())))
                .containsExactly("[Task1 completed, Task2 completed, Task3 completed]");
        assertThat(console.elapsed()).isEqualTo(2.0); // 1 s + 2 s + 1 s gathered
    }
}
