import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChainCoroutinesTest {
    @Test
    void eachStepFeedsTheNextInSequence() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> ChainCoroutines.run(console.options())))
                .containsExactly("Step 1 -> Step 2 -> Step 3");
        assertThat(console.elapsed()).isEqualTo(3.0);
    }
}
