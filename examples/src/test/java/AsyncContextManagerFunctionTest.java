import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsyncContextManagerFunctionTest {
    @Test
    void exitRunsAfterTheBlockEvenWhenItFails() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> AsyncContextManagerFunction.run(console.options())))
                .containsExactly(
                        "Entering",
                        "Using resource",
                        "Exiting",
                        "Entering",
                        "Using resource, then failing",
                        "Exiting",
                        "Caught after exiting: the block failed");
    }
}
