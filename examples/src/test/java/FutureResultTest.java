import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FutureResultTest {
    @Test
    void theFutureHoldsTheCoroutinesOutput() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> FutureResult.run(console.options())))
                .containsExactly("done before: false", "Any Async Output", "Any Async Output");
        assertThat(console.elapsed()).isEqualTo(2.0);
    }
}
