import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoroutineStepsTest {
    @Test
    void runsStepByStep() throws Exception {
        Console console = new Console();
        String[] result = new String[1];
        assertThat(console.lines(() -> result[0] = CoroutineSteps.run(console.options())))
                .containsExactly("Step 1", "Step 2", "Step 3");
        assertThat(result[0]).isEqualTo("Done");
        assertThat(console.elapsed()).isEqualTo(1.0);
    }
}
