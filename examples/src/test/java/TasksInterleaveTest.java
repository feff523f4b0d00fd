import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TasksInterleaveTest {
    @Test
    void theTaskThatDoesNotWaitPrintsFirst() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> TasksInterleave.run(console.options())))
                .containsExactly("This will be printed immediately", "This will be printed after 1 second pause");
        assertThat(console.elapsed()).isEqualTo(1.0);
    }
}
