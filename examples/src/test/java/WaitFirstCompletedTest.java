import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitFirstCompletedTest {
    @Test
    void firstWaitReturnsAfterOneSecondWithOneTask() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> WaitFirstCompleted.run(console.options())))
                .containsExactly("Completed: [Task1 done]", "All completed: [Task2 done, Task3 done]");
        assertThat(console.elapsed()).isEqualTo(3.0);
    }
}
