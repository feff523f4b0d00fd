import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsyncContextManagerTest {
    @Test
    void entersRunsTheBlockAndExits() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> AsyncContextManager.run(console.options())))
                .containsExactly("Entering context", "Inside context", "Exiting context");
        assertThat(console.elapsed()).isEqualTo(0.2); // entering and closing each suspend 0.1 s
    }
}
