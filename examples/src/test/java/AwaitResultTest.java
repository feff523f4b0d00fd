import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwaitResultTest {
    @Test
    void awaitHandsBackTheValue() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> AwaitResult.run(console.options())))
                .containsExactly("Fetching data...", "Got: Data");
        assertThat(console.elapsed()).isEqualTo(2.0);
    }
}
