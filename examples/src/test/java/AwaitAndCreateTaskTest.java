import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwaitAndCreateTaskTest {
    @Test
    void printsTheSeedsOutputInOrder() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> AwaitAndCreateTask.run(console.options())))
                .containsExactly(
                        "started execution of my_async_function",
                        "started execution of f1",
                        "exiting from f1",
                        "started execution of f1",
                        "started execution of f2",
                        "exiting from f1",
                        "exiting from f2",
                        "exiting from my_async_function",
                        "line at the end");
        assertThat(console.elapsed()).isEqualTo(3.0);
    }
}
