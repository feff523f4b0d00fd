import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TasksStartImmediatelyTest {
    @Test
    void theTaskRunsBeforeAnybodyAwaitsIt() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> TasksStartImmediately.run(console.options())))
                .containsExactly(
                        "main: task created",
                        "background: started, nobody has awaited me yet",
                        "background: finished",
                        "main: now awaiting the task, which is done: true",
                        "main: result 42");
        assertThat(console.elapsed()).isEqualTo(2.0);
    }
}
