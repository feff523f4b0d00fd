import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreateTasksTest {
    @Test
    void bothWorkersStartAtOnceAndFinishInTwoSeconds() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> CreateTasks.run(console.options())))
                .containsExactly(
                        "Worker1 starting",
                        "Worker2 starting",
                        "Worker1 finished",
                        "Worker2 finished",
                        "Results: Worker1 result, Worker2 result");
        assertThat(console.elapsed()).isEqualTo(2.0);
    }
}
