import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForgettingAwaitTest {
    @Test
    void aTaskIsNotItsResultAndAForgottenFailureIsReported() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> ForgettingAwait.run(console.options())))
                .containsExactly(
                        "WRONG:   <Task pending name=fetch_data>",
                        "CORRECT: Data",
                        "save_data failed, nobody awaited it",
                        "exception handler: Task exception was never retrieved: <Task name=save_data>",
                        "  java.lang.IllegalStateException: disk full");
    }
}
