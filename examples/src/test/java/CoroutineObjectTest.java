import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoroutineObjectTest {
    @Test
    void makingTheCoroutineRunsNothingRunningItDoes() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> CoroutineObject.run(console.options())))
                .containsExactly(
                        "coro is a Coroutine, not run yet", "Coroutine started", "Coroutine finished", "Result");
        assertThat(console.elapsed()).isEqualTo(1.0);
    }
}
