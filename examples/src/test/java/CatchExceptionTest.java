import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CatchExceptionTest {
    @Test
    void theAwaiterCatchesTheCoroutinesException() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> CatchException.run(console.options())))
                .containsExactly("Caught: Error occurred", "Caught from a task: Error occurred");
        assertThat(console.elapsed()).isEqualTo(2.0);
    }
}
