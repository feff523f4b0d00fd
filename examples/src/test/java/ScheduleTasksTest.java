import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScheduleTasksTest {
    @Test
    void tasksRunInCreationOrderAndGatherKeepsIt() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> ScheduleTasks.run(console.options())))
                .containsExactly("Task1 executed", "Task2 executed", "[Task1 result, Task2 result]");
        assertThat(console.elapsed()).isZero();
    }
}
